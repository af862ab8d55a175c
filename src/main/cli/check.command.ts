import fs from 'node:fs'
import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'
import { defaultDataDir } from '../data-dir'
import { storeFileIn } from '../db/store'
import { CliError, type Io } from './io'

export const CHECK_HELP = `switchboard check — read the whole store and check its integrity

Usage:
  switchboard check [--data DIR]

Options:
  --data DIR   Data directory (default: ${defaultDataDir()})
  -h, --help   Show this help

The console checks the store on start only after an unclean shutdown, so that starting never
waits on the store's size; run this to check it at any other time (it only reads the store, and
may run while the console is open). Exits 1 if problems are found.
`

export async function checkCommand(argv: string[], io: Io): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { data: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true })
  if (values.help) {
    io.out(CHECK_HELP)
    return
  }
  const file = storeFileIn(values.data ?? defaultDataDir())
  if (!fs.existsSync(file)) throw new CliError(`There is no store at ${file}.`, 2)
  let problems: string[]
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true })
    try {
      problems = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).filter((r) => r !== 'ok')
    } finally {
      db.close()
    }
  } catch (error) {
    throw new CliError(`${file} is not a readable Switchboard store: ${(error as Error).message}`, 1)
  }
  if (problems.length > 0) throw new CliError(`${file} failed its integrity check:\n  ${problems.slice(0, 20).join('\n  ')}`, 1)
  io.out(`${file}: integrity check passed.\n`)
}

import fs from 'node:fs'
import { parseArgs } from 'node:util'
import { AppError } from '../../shared/errors'
import { openBackend } from '../backend'
import { defaultDataDir } from '../data-dir'
import { CliError, type Io } from './io'

export const LICENCE_HELP = `switchboard licence — view or install the instance licence

Usage:
  switchboard licence show [--data DIR]
  switchboard licence install FILE [--data DIR]

Options:
  --data DIR   Data directory (default: ${defaultDataDir()})
  -h, --help   Show this help

A licence is a signed file from Switchboard. A tampered or expired file is refused and the
current licence stays as it is. Without a licence the instance runs in evaluation mode.
`

export async function licenceCommand(argv: string[], io: Io): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { data: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  })
  const [action, file, ...extra] = positionals
  if (values.help || !action) {
    io.out(LICENCE_HELP)
    return
  }
  if (extra.length > 0 || !['show', 'install'].includes(action))
    throw new CliError(`Unexpected "${[action, file, ...extra].join(' ')}". See "switchboard licence --help".`, 2)
  if (action === 'install' && !file) throw new CliError('Name the licence file: switchboard licence install FILE', 2)
  let text = ''
  if (action === 'install') {
    try {
      text = fs.readFileSync(file!, 'utf8')
    } catch (error) {
      throw new CliError(`Cannot read ${file}: ${(error as Error).message}`, 1)
    }
  }
  const backend = openBackend({ dataDir: values.data ?? defaultDataDir(), licenceKeys: io.licenceKeys })
  try {
    const status = action === 'install' ? await backend.services.licence.install(null, text) : await backend.services.licence.status()
    io.out(`${status.message}\nFeatures: ${status.features.join(', ') || 'none'}\n`)
  } catch (error) {
    if (error instanceof AppError) throw new CliError(`Licence refused: ${error.message}`, 1)
    throw error
  } finally {
    await backend.close()
  }
}

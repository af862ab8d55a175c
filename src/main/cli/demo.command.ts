import { parseArgs } from 'node:util'
import { defaultDataDir } from '../data-dir'
import { seedDemoStore } from '../features/demo/demo-seed'
import { seedPg } from '../features/demo/demo-seed.pg'
import { DATABASE_FLAG, DATABASE_HELP, databaseUrl, openPgCliBackend } from './database-option'
import { CliError, type Io } from './io'
import { progressBar } from './progress'

export const DEMO_HELP = `switchboard demo seed — fill a store with synthetic tenants and users, for trying the console at scale

Usage:
  switchboard demo seed --tenants N --users N [--tickets N] [--seed N] [--data DIR | --database URL]

Options:
  --data DIR     Data directory (default: ${defaultDataDir()}); created if missing
  --tenants N    Organisations to create (demo organisations): one holds a tenth of the users,
                 the others 20–160 each
  --users N      Users to create across them (no passwords: send a reset to sign one in)
  --tickets N    Helpdesk tickets to spread over the tenants (default 0)
  --seed N       The same seed gives the same data (default 1)
${DATABASE_HELP}
  -h, --help     Show this help

Stop the console first: the seed writes the store in one transaction, all or nothing.
`

function count(value: string | undefined, flag: string, { min, required }: { min: number; required: boolean }): number | undefined {
  if (value === undefined) {
    if (required) throw new CliError(`${flag} is required. See "switchboard demo --help".`, 2)
    return undefined
  }
  const n = Number(value.replace(/_/g, ''))
  if (!Number.isInteger(n) || n < min) throw new CliError(`${flag} must be a whole number of at least ${min} (got "${value}").`, 2)
  return n
}

export async function demoCommand(argv: string[], io: Io): Promise<void> {
  const [sub, ...rest] = argv
  if (!sub || sub === '--help' || sub === '-h') {
    io.out(DEMO_HELP)
    return
  }
  if (sub !== 'seed') throw new CliError(`Unknown demo command "${sub}". Run "switchboard demo --help".`, 2)
  const { values } = parseArgs({
    args: rest,
    options: {
      data: { type: 'string' },
      ...DATABASE_FLAG,
      tenants: { type: 'string' },
      users: { type: 'string' },
      tickets: { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  })
  if (values.help) {
    io.out(DEMO_HELP)
    return
  }
  const tenants = count(values.tenants, '--tenants', { min: 1, required: true })!
  const users = count(values.users, '--users', { min: 0, required: true })!
  const tickets = count(values.tickets, '--tickets', { min: 0, required: false })
  const seed = count(values.seed, '--seed', { min: 0, required: false })
  const dataDir = values.data ?? defaultDataDir()
  const url = databaseUrl(values, io.env)
  const bar = progressBar(io, 'Seeding')
  let into = dataDir
  let result
  let how = ''
  if (url) {
    const backend = await openPgCliBackend({ url, dataDir })
    into = backend.pg.where
    try {
      result = await seedPg(backend.pg, { tenants, users, tickets, seed, onProgress: bar.update })
    } finally {
      await backend.close()
    }
  } else {
    const seeded = await seedDemoStore({ dataDir, tenants, users, tickets, seed, onProgress: bar.update })
    result = seeded
    if (seeded.indexedOnWorker) how = '; search index built on a second thread'
  }
  bar.done()
  const rate = Math.round(result.users / Math.max(result.ms / 1000, 0.001))
  io.out(
    `Seeded ${result.tenants.toLocaleString('en')} organisations and ${result.users.toLocaleString('en')} users into ${into} in ${(result.ms / 1000).toFixed(1)} s (${rate.toLocaleString('en')} users/s${how}).\n`,
  )
}

import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { pino } from 'pino'
import { environmentConfig, packageRoot, type Backend } from '../backend'
import type { InstanceConfig } from '../config'
import { defaultDataDir } from '../data-dir'
import { acquireDataLock, DataDirBusyError, type DataLock } from '../data-lock'
import type { PgStore } from '../db/pg-store'
import { DATABASE_FLAG, DATABASE_HELP, databaseUrl, openPgCliBackend, parsePoolOptions, POOL_FLAGS, POOL_HELP } from './database-option'
import { startInstanceServer } from '../instance/instance-server'
import { isLoopback, plainHttpRefusal } from '../instance/loopback'
import { trustedProxies } from '../instance/client-address'
import { CliError, type Io } from './io'
import { CONNECTION_LIMIT_FLAGS, CONNECTION_LIMITS_HELP, openLockedBackend, parseConnectionLimits, parsePort } from './serve-options'
import type { ConnectionLimits } from '../http/connection-limits'

export const INSTANCE_HELP = `switchboard instance serve — run an instance server for many operators

Usage:
  switchboard instance serve --data DIR [--host 127.0.0.1] [--port N]
                             [--tls-cert FILE --tls-key FILE] [--public-url URL] [--insecure-http]
                             [--headers-timeout S] [--request-timeout S] [--max-connections N]
  switchboard instance serve --database postgres://USER@HOST:PORT/DB [--data DIR] [--pool-size N]
                             [--statement-timeout S] [the options above]

Serves the store in DIR (or the PostgreSQL database) over HTTP(S): the contract for desktop consoles and scripts (bearer
sessions), the console itself for browsers, its OpenAPI document at /api/openapi.json and a
reference at /api/docs. Logs one JSON line per request on standard output. Stop it with Ctrl+C
or SIGTERM: requests in flight finish first.

Options:
  --data DIR        Data directory of the instance (required without --database). With
                    --database it holds only this process's files (fingerprint.key, which every
                    process serving the database must share; default: ${defaultDataDir()})
${DATABASE_HELP}
${POOL_HELP}
  --host ADDR       Address to listen on (default: 127.0.0.1, this computer only)
  --port N          Port (default: 8443 with TLS, 8080 without; 0 = a free port)
  --tls-cert FILE   PEM certificate (with --tls-key): serve HTTPS
  --tls-key FILE    PEM private key of that certificate
  --public-url URL  The address operators use, the base of every link in emails
                    (default: this server's own URL; set it behind a proxy or on 0.0.0.0)
  --insecure-http   Serve plain HTTP on a non-loopback address (passwords and sessions
                    then cross the network readable; only behind a TLS-terminating proxy)
  --trusted-proxy CIDR  A proxy in front (load balancer, TLS terminator), by address or range;
                    repeat for several (SWITCHBOARD_TRUSTED_PROXIES, comma-separated). Only from
                    these peers is X-Forwarded-For believed, for throttling and the log. With an
                    https --public-url, cookies are Secure and HSTS is sent even when TLS ends there
${CONNECTION_LIMITS_HELP}
  -h, --help        Show this help

Several processes may serve one PostgreSQL database (behind a load balancer); one SQLite store
is served by one process. Per-address limits (requests per client, connections per client) belong in a reverse proxy in front.
`

interface ServeOptions {
  dataDir: string
  /** PostgreSQL, or null for the SQLite store in dataDir. */
  databaseUrl: string | null
  pool: { poolSize?: number; statementTimeoutMs?: number }
  host: string
  port: number
  tls?: { cert: Buffer; key: Buffer }
  publicUrl?: string
  insecureHttp: boolean
  limits: ConnectionLimits
  trustedProxies: string[]
}

/** Reads and checks the flags of `instance serve`; every refusal says why and what to do. */
export function parseServeOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): ServeOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'public-url': { type: 'string' },
      'insecure-http': { type: 'boolean' },
      ...CONNECTION_LIMIT_FLAGS,
      ...DATABASE_FLAG,
      ...POOL_FLAGS,
      'trusted-proxy': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  })
  if (values.help) return 'help'
  const database = databaseUrl(values, env)
  if (!values.data && !database)
    throw new CliError('--data DIR is required: the data directory the instance serves (or --database URL).', 2)
  if ((values['tls-cert'] === undefined) !== (values['tls-key'] === undefined)) {
    throw new CliError('--tls-cert and --tls-key go together: the certificate and its private key.', 2)
  }
  const host = values.host ?? '127.0.0.1'
  const withTls = values['tls-cert'] !== undefined
  const insecureHttp = values['insecure-http'] ?? false
  if (!withTls && !isLoopback(host) && !insecureHttp) {
    throw new CliError(plainHttpRefusal(host), 2)
  }
  // Other computers reach it by a name this process cannot know: without it, emailed links and the
  // origin browsers must call from would say 127.0.0.1.
  if (!isLoopback(host) && values['public-url'] === undefined && !process.env.SWITCHBOARD_PUBLIC_URL) {
    throw new CliError(
      `--public-url is required with --host ${host}: the address operators use (e.g. https://switchboard.example.com:8443), the base of every link in emails.`,
      2,
    )
  }
  const port = parsePort(values.port, withTls ? 8443 : 8080)
  let publicUrl: string | undefined
  if (values['public-url'] !== undefined) {
    const parsed = URL.canParse(values['public-url']) ? new URL(values['public-url']) : null
    if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
      throw new CliError(`--public-url must be an http(s) URL such as https://switchboard.example.com, not "${values['public-url']}".`, 2)
    }
    publicUrl = parsed.href.replace(/\/+$/, '')
  }
  const read = (file: string, what: string) => {
    try {
      return fs.readFileSync(file)
    } catch (error) {
      throw new CliError(`Cannot read the TLS ${what} ${file}: ${(error as Error).message}`, 1)
    }
  }
  const tls = withTls ? { cert: read(values['tls-cert']!, 'certificate'), key: read(values['tls-key']!, 'key') } : undefined
  const limits = parseConnectionLimits(values)
  const pool = parsePoolOptions(values, env)
  const proxies = (values['trusted-proxy'] ?? env.SWITCHBOARD_TRUSTED_PROXIES?.split(',') ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean)
  try {
    trustedProxies(proxies)
  } catch (error) {
    throw new CliError(`--trusted-proxy: ${(error as Error).message}`, 2)
  }
  return {
    trustedProxies: proxies,
    dataDir: path.resolve(values.data ?? defaultDataDir()),
    databaseUrl: database,
    pool,
    host,
    port,
    tls,
    publicUrl,
    insecureHttp,
    limits,
  }
}

async function serve(argv: string[], io: Io): Promise<void> {
  const options = parseServeOptions(argv)
  if (options === 'help') return io.out(INSTANCE_HELP)
  // --public-url wins over SWITCHBOARD_PUBLIC_URL, for links as for the origin browsers must call from.
  const config = environmentConfig()
  if (options.publicUrl) config.publicUrl = options.publicUrl
  const { backend, lock } = await openServed(options, config, io)
  const rendererDir = path.join(packageRoot(), 'out', 'renderer')
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    io.err('The console is not built (run "npm run build"): browsers get an error page; the API works.\n')
  }
  const logger = pino({ redact: ['authorization', 'cookie', '*.authorization', '*.cookie', '*.token', '*.password'] })
  const server = await startInstanceServer({ ...options, services: backend.services, rendererDir, logger, engine: backend.engine }).catch(
    async (error: NodeJS.ErrnoException) => {
      await backend.close()
      lock?.release()
      throw new CliError(
        error.code === 'EADDRINUSE' ? `Port ${options.port} is already in use; pick another with --port.` : error.message,
        1,
      )
    },
  )
  lock?.setUrl(server.url)
  io.err(
    `Switchboard instance serving ${options.databaseUrl ? (backend.pg?.where ?? 'PostgreSQL') : options.dataDir}\n` +
      `  URL:     ${server.url}\n` +
      `  Links:   ${backend.services.links.base()}\n` +
      `  API:     ${server.url}/api/docs\n` +
      `Press Ctrl+C to stop.\n`,
  )
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  io.err('Stopping: finishing requests in flight…\n')
  await server.close()
  await backend.close()
  lock?.release()
  io.err('Switchboard instance stopped.\n')
}

/**
 * The instance's data: PostgreSQL, which several processes share (no lock: any of them may be
 * killed at any moment), or the SQLite store of a data directory, which this process locks.
 */
async function openServed(
  options: ServeOptions,
  config: InstanceConfig,
  io: Io,
): Promise<{ backend: Backend & { pg?: PgStore }; lock: DataLock | null }> {
  if (options.databaseUrl) {
    const backend = await openPgCliBackend({
      url: options.databaseUrl,
      dataDir: options.dataDir,
      config,
      licenceKeys: io.licenceKeys,
      ...options.pool,
    })
    return { backend, lock: null }
  }
  let lock
  try {
    lock = acquireDataLock(options.dataDir, 'an instance server')
  } catch (error) {
    if (error instanceof DataDirBusyError) throw new CliError(error.message, 1)
    throw error
  }
  return { backend: openLockedBackend(lock, { dataDir: options.dataDir, licenceKeys: io.licenceKeys, config }), lock }
}

export async function instanceCommand(argv: string[], io: Io): Promise<void> {
  const [sub, ...rest] = argv
  if (sub === 'serve') return serve(rest, io)
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') return io.out(INSTANCE_HELP)
  throw new CliError(`Unknown instance command "${sub}". Run "switchboard instance --help".`, 2)
}

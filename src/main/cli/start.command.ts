import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { packageRoot } from '../backend'
import { acquireDataLock, DataDirBusyError } from '../data-lock'
import { defaultDataDir } from '../data-dir'
import { startShellServer } from '../http/shell-server'
import { createConnections } from '../remote/connections.service'
import { osKeychain } from '../secrets/keychain'
import { prepareDemoStore } from './demo-start'
import { findElectron, launchElectron } from './electron-launch'
import { CliError, type Io } from './io'
import { openLockedBackend, parseConnectionLimits, parsePort } from './serve-options'

export const START_HELP = `switchboard start — run the console

Usage:
  switchboard start [--data DIR] [--port N] [--no-open] [--browser] [--demo]

Runs the desktop app where an Electron runtime is installed, and otherwise the browser
shell: the same backend behind a web server on 127.0.0.1 that prints its link.

Options:
  --data DIR   Data directory (default: ${defaultDataDir()})
  --port N     Browser shell port (default: a free port chosen at random)
  --no-open    Do not open the system browser (browser shell only)
  --browser    Use the browser shell even where Electron is installed
  --demo       Explore the demo: in an empty data directory, make the demo (synthetic
               tenancies, people and tickets; nothing leaves this computer) and sign in
               to it at once; a demo directory is opened as it is
  -h, --help   Show this help
`

function openInBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]]
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true })
    child.on('error', () => undefined)
    child.unref()
  } catch {
    // No browser launcher here: the printed link is enough.
  }
}

export async function startCommand(argv: string[], io: Io): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string' },
      port: { type: 'string' },
      'no-open': { type: 'boolean' },
      browser: { type: 'boolean' },
      demo: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  })
  if (values.help) {
    io.out(START_HELP)
    return
  }
  const port = parsePort(values.port, 0)
  // The browser shell serves this computer only: the limits come from the environment, as the instance's do.
  const limits = parseConnectionLimits({})
  const dataDir = path.resolve(values.data ?? defaultDataDir())
  if (values.demo) await prepareDemoStore(dataDir, io)

  let reason = 'asked for with --browser'
  if (!values.browser) {
    const electron = findElectron(io)
    if (electron.found) {
      const run = launchElectron(electron, ['--data', dataDir], io)
      if (run) {
        process.exitCode = await run
        return
      }
      reason = 'the SQLite driver could not be prepared for Electron'
    } else {
      reason = electron.reason
    }
  }

  let lock
  try {
    lock = acquireDataLock(dataDir, 'the browser shell')
  } catch (error) {
    if (!(error instanceof DataDirBusyError)) throw error
    // Already running here: point to that console rather than open the store a second time.
    if (error.holder.url && error.holder.hostname === os.hostname()) {
      io.out(`Switchboard is already running on ${dataDir} (process ${error.holder.pid}).\n  Console: ${error.holder.url}\n`)
      if (!values['no-open']) openInBrowser(error.holder.url)
      return
    }
    throw new CliError(error.message, 1)
  }
  const backend = openLockedBackend(lock, { dataDir })
  const rendererDir = path.join(packageRoot(), 'out', 'renderer')
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    await backend.close()
    lock.release()
    throw new CliError('The console is not built yet. Run "npm run build" (npm install does it for you) and start again.', 1)
  }
  const server = await startShellServer({
    services: backend.services,
    rendererDir,
    port,
    limits,
    connections: createConnections({ dataDir, secrets: osKeychain() }),
  }).catch(async (error: NodeJS.ErrnoException) => {
    await backend.close()
    lock.release()
    throw new CliError(
      error.code === 'EADDRINUSE' ? `Port ${port} is already in use; pick another with --port or leave it out.` : error.message,
      1,
    )
  })
  io.out(
    `Switchboard is running as a browser shell (${reason}).\n` +
      `  Console: ${server.url}\n` +
      `  Data:    ${dataDir}\n` +
      `The link carries a secret for this run; keep it to yourself. Press Ctrl+C to stop.\n`,
  )
  lock.setUrl(server.url)
  if (!values['no-open']) openInBrowser(server.url)

  await new Promise<void>((resolve) => {
    const stop = () => resolve()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  await server.close()
  await backend.close()
  lock.release()
  io.out('Switchboard stopped.\n')
}

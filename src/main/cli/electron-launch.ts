import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { packageRoot } from '../backend'
import type { Io } from './io'

const requireHere = createRequire(import.meta.url)

type ElectronLookup = { found: true; binary: string; version: string } | { found: false; reason: string }

function installedElectron(): ElectronLookup {
  try {
    const binary = requireHere('electron') as unknown
    const version = (requireHere('electron/package.json') as { version: string }).version
    if (typeof binary === 'string' && fs.existsSync(binary)) return { found: true, binary, version }
    return { found: false, reason: 'the Electron runtime is not installed' }
  } catch {
    return { found: false, reason: 'the Electron runtime is not installed' }
  }
}

/**
 * Finds the Electron binary; on first start, where it is missing, runs electron's own
 * install script once (it downloads the runtime where the network allows).
 */
export function findElectron(io: Pick<Io, 'err' | 'env'>): ElectronLookup {
  const first = installedElectron()
  if (first.found || io.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return first
  let installScript: string
  try {
    installScript = requireHere.resolve('electron/install.js')
  } catch {
    return { found: false, reason: 'the electron package is not installed' }
  }
  io.err('Fetching the Electron runtime (first start)…\n')
  const result = spawnSync(process.execPath, [installScript], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000 })
  if (result.status !== 0) return { found: false, reason: 'the Electron runtime could not be downloaded here' }
  return installedElectron()
}

/**
 * better-sqlite3 in node_modules is built for Node; Electron needs one built for its own
 * ABI. We build that copy once into node_modules/.switchboard and hand its path to the app,
 * leaving the Node build (used by the CLI and tests) alone.
 */
export function electronSqliteBinding(version: string, io: Pick<Io, 'err'>): string | undefined {
  const cacheDir = path.join(packageRoot(), 'node_modules', '.switchboard', `electron-${version}-${process.arch}`)
  const target = path.join(cacheDir, 'better_sqlite3.node')
  if (fs.existsSync(target)) return target
  const source = path.dirname(requireHere.resolve('better-sqlite3/package.json'))
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-sqlite-'))
  try {
    fs.cpSync(source, work, { recursive: true, filter: (p) => !p.includes(`${path.sep}build${path.sep}`) })
    io.err(`Preparing the SQLite driver for Electron ${version} (first start)…\n`)
    const attempts = [
      ['prebuild-install', '--runtime', 'electron', '--target', version, '--arch', process.arch],
      ['node-gyp', 'rebuild', '--release', '--runtime=electron', `--target=${version}`, '--dist-url=https://electronjs.org/headers'],
    ]
    for (const [tool, ...args] of attempts) {
      const bin = path.join(packageRoot(), 'node_modules', '.bin', tool!)
      const run = spawnSync(bin, args, { cwd: work, stdio: 'ignore', shell: process.platform === 'win32' })
      const built = path.join(work, 'build', 'Release', 'better_sqlite3.node')
      if (run.status === 0 && fs.existsSync(built)) {
        fs.mkdirSync(cacheDir, { recursive: true })
        fs.copyFileSync(built, target)
        return target
      }
    }
    return undefined
  } finally {
    fs.rmSync(work, { recursive: true, force: true })
  }
}

/** Runs the desktop app and resolves with its exit code. */
export function launchElectron(electron: { binary: string; version: string }, appArgs: string[], io: Io): Promise<number> | null {
  const binding = electronSqliteBinding(electron.version, io)
  if (!binding) return null
  const child = spawn(electron.binary, [packageRoot(), ...appArgs], {
    stdio: 'inherit',
    env: { ...io.env, SWITCHBOARD_SQLITE_BINDING: binding },
  })
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 0)))
}

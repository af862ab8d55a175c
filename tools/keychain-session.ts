import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { osKeychain, probeKeychain } from '../src/main/secrets/keychain'

/**
 * `npm test` runs its command through this: where the OS credential store cannot be reached but
 * Linux has the tools to make one (dbus-run-session from dbus-x11, gnome-keyring-daemon from
 * gnome-keyring), the command runs inside a private D-Bus session with a throwaway keyring,
 * unlocked, in a temporary folder (an empty unlock password would leave no default collection),
 * so the keychain suites run instead of skipping. Otherwise it runs as it is, and the suites
 * skip with one line where there is no store (tests/support/keychain-gate.ts).
 */
export type KeychainPlan = { kind: 'as-is'; why: string } | { kind: 'private-session' }

export function keychainPlan(storeWorks: boolean, platform: NodeJS.Platform, has: (command: string) => boolean): KeychainPlan {
  if (storeWorks) return { kind: 'as-is', why: 'the OS credential store works here' }
  if (platform !== 'linux') return { kind: 'as-is', why: `no private keyring can be made on ${platform}` }
  const missing = ['dbus-run-session', 'gnome-keyring-daemon'].filter((command) => !has(command))
  if (missing.length) return { kind: 'as-is', why: `${missing.join(' and ')} not installed (apt-get install dbus-x11 gnome-keyring)` }
  return { kind: 'private-session' }
}

export function onPath(command: string, env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.PATH ?? '').split(path.delimiter).some((dir) => {
    try {
      fs.accessSync(path.join(dir, command), fs.constants.X_OK)
      return true
    } catch {
      return false
    }
  })
}

/** Runs `command` (with the keyring where one had to be made) and resolves with its exit code. */
export async function runWithKeychain(command: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const works = (await probeKeychain(osKeychain('Switchboard tests'))).available
  const plan = keychainPlan(works, process.platform, (c) => onPath(c, env))
  if (plan.kind === 'as-is') return run(command[0]!, command.slice(1), env)

  // Its own folders, so no keyring left on this machine by an earlier run asks for a password.
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-keyring-'))
  const runtime = path.join(home, 'run')
  fs.mkdirSync(runtime, { mode: 0o700 })
  console.log('[keychain] a private D-Bus session with a throwaway GNOME keyring for this test run')
  try {
    const script =
      'printf %s "$SWITCHBOARD_KEYRING_UNLOCK" | gnome-keyring-daemon --unlock --components=secrets >/dev/null && unset SWITCHBOARD_KEYRING_UNLOCK && exec "$@"'
    return await run('dbus-run-session', ['--', 'sh', '-c', script, 'sh', ...command], {
      ...env,
      XDG_DATA_HOME: home,
      XDG_RUNTIME_DIR: runtime,
      SWITCHBOARD_KEYRING_UNLOCK: randomBytes(18).toString('base64url'),
      // This keyring was made for the suites: they must run, and fail if it does not work.
      SWITCHBOARD_REQUIRE_KEYCHAIN: '1',
    })
  } finally {
    fs.rmSync(home, { recursive: true, force: true })
  }
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: 'inherit', env })
    child.on('error', reject)
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 1)))
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => child.kill(signal))
  })
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const command = process.argv.slice(2)
  if (!command.length) {
    console.error('usage: tsx tools/keychain-session.ts <command> [args…]')
    process.exit(2)
  }
  process.exitCode = await runWithKeychain(command)
}

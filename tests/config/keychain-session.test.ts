import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { keychainPlan, onPath } from '../../tools/keychain-session'
import { tempDir } from '../support/temp-backend'

const root = path.resolve(import.meta.dirname, '..', '..')

/**
 * What a contributor's shell looks like outside any desktop session: no session bus, and none of
 * the test runners' own variables (this file itself runs inside `npm test`'s private session).
 */
function outsideDbus(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(DBUS_|VITEST|SWITCHBOARD_|TEST_|PLAYWRIGHT_)/.test(key) && key !== 'NODE_OPTIONS'),
  )
  return { ...env, NO_COLOR: '1', ...extra }
}

/** Stores, reads back and deletes a secret in the OS keychain, printing what happened. */
function probeScript(): string {
  const file = path.join(tempDir(), 'probe.mts')
  const keychain = path.join(root, 'src', 'main', 'secrets', 'keychain.ts')
  fs.writeFileSync(
    file,
    `import { osKeychain, probeKeychain } from ${JSON.stringify(keychain)}\n` +
      `const probe = await probeKeychain(osKeychain('Switchboard tests'))\n` +
      `console.log(probe.available ? 'store: works' : 'store: absent', 'required=' + (process.env.SWITCHBOARD_REQUIRE_KEYCHAIN ?? ''))\n`,
  )
  return file
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv) {
  const result = spawnSync(command, args, { cwd: root, env, encoding: 'utf8', timeout: 120_000 })
  // eslint-disable-next-line no-control-regex
  return { status: result.status, output: `${result.stdout}${result.stderr}`.replace(/\x1b\[[0-9;]*m/g, '') }
}

const wrapper = (env: NodeJS.ProcessEnv, ...command: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'tools/keychain-session.ts', ...command], env)

/** A PATH with nothing on it but node: as if gnome-keyring and dbus-x11 were not installed. */
function pathWithNodeOnly(): string {
  const dir = tempDir()
  fs.symlinkSync(process.execPath, path.join(dir, 'node'))
  return dir
}

const canMakeKeyring = process.platform === 'linux' && onPath('dbus-run-session') && onPath('gnome-keyring-daemon')

describe('the test command and the OS keychain', () => {
  it('makes a private keyring only on Linux, only where the store does not work and both tools are there', () => {
    const all = () => true
    expect(keychainPlan(true, 'linux', all)).toEqual({ kind: 'as-is', why: 'the OS credential store works here' })
    expect(keychainPlan(false, 'linux', all)).toEqual({ kind: 'private-session' })
    expect(keychainPlan(false, 'darwin', all).kind).toBe('as-is')
    expect(keychainPlan(false, 'linux', (c) => c !== 'gnome-keyring-daemon')).toEqual({
      kind: 'as-is',
      why: 'gnome-keyring-daemon not installed (apt-get install dbus-x11 gnome-keyring)',
    })
  })

  it.skipIf(!canMakeKeyring)('outside any D-Bus session, runs the command with a working keyring it made', () => {
    const { status, output } = wrapper(outsideDbus(), process.execPath, '--import', 'tsx', probeScript())
    expect(output).toContain('[keychain] a private D-Bus session with a throwaway GNOME keyring')
    expect(output).toContain('store: works required=1')
    expect(status).toBe(0)
  })

  it('where gnome-keyring is not on PATH, runs the command as it is, keychain absent and not required', () => {
    const { status, output } = wrapper(outsideDbus({ PATH: pathWithNodeOnly() }), process.execPath, '--import', 'tsx', probeScript())
    expect(output).not.toContain('private D-Bus session')
    expect(output).toContain('store: absent required=')
    expect(status).toBe(0)
  })

  it('passes the command’s exit code on', () => {
    expect(wrapper(outsideDbus({ PATH: pathWithNodeOnly() }), process.execPath, '-e', 'process.exit(3)').status).toBe(3)
  })

  it('without a store, vitest skips the keychain suites with one line and exits 0', () => {
    const { status, output } = run(
      process.execPath,
      [
        path.join(root, 'node_modules', 'vitest', 'vitest.mjs'),
        'run',
        'src/main/remote/relay.test.ts',
        'src/main/secrets/keychain.test.ts',
      ],
      outsideDbus(),
    )
    expect(output).toContain('[keychain] suites skipped: no usable OS credential store here (')
    expect(output).toMatch(/Tests\s+\d+ skipped/)
    expect(output).not.toMatch(/\d+ passed|\d+ failed/)
    expect(status).toBe(0)
  })

  it('without a store, Playwright skips the connections spec with the same line and exits 0', () => {
    const { status, output } = run(
      process.execPath,
      [path.join(root, 'node_modules', '@playwright', 'test', 'cli.js'), 'test', 'connections.spec.ts', '--project', 'browser-shell'],
      outsideDbus(),
    )
    expect(output).toContain('[keychain] suites skipped: no usable OS credential store here (')
    expect(output).toMatch(/1 skipped/)
    expect(output).not.toMatch(/\d+ passed|\d+ failed/)
    expect(status).toBe(0)
  })
})

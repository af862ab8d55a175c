import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach } from 'vitest'
import { openBackend, type Backend } from '../../src/main/backend'
import { manualClock } from '../../src/main/clock'
import type { InstanceConfig } from '../../src/main/config'
import { osKeychain, type SecretStore } from '../../src/main/secrets/keychain'

/** The real OS keychain, under a service name of the tests' own (never the app's entries). */
export const testKeychain = osKeychain('Switchboard tests')

const cleanups: (() => void | Promise<void>)[] = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.()
})

/** A fresh directory removed after the test. */
export function tempDir(prefix = 'switchboard-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** A stand-in for the renderer build (`out/renderer`) that a shell or instance server serves: its index page. */
export function tempRendererDir(title = 'Switchboard'): string {
  const dir = tempDir()
  fs.writeFileSync(path.join(dir, 'index.html'), `<!doctype html><title>${title}</title>`)
  return dir
}

/** A real backend on a real SQLite file in a temp directory, with a manual clock. */
export function tempBackend(
  dataDir = tempDir(),
  config: InstanceConfig = { mailFrom: 'Switchboard <no-reply@switchboard.test>' },
  licenceKeys?: readonly string[],
  secrets: SecretStore = testKeychain,
): Backend & { clock: ReturnType<typeof manualClock>; dataDir: string } {
  const clock = manualClock()
  const backend = openBackend({ dataDir, clock, config, licenceKeys, secrets })
  cleanups.push(() => backend.close())
  // Assigned, not spread: `store` follows the backend when Reset demo replaces it.
  return Object.assign(backend, { clock, dataDir })
}

export { OPERATOR } from './operator'

/** Every operation of a contract (or part of one) as `feature.operation`. */
export function operationsOf(node: object, prefix = ''): string[] {
  return Object.entries(node).flatMap(([key, value]) =>
    value && typeof value === 'object' && '~orpc' in value ? [`${prefix}${key}`] : operationsOf(value as object, `${prefix}${key}.`),
  )
}

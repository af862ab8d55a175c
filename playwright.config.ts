import { defineConfig } from '@playwright/test'
import type { Host } from './tests/e2e/fixtures'
import { findElectron } from './src/main/cli/electron-launch'

/**
 * Debian's Chromium, never a downloaded browser. The flags keep it from reaching for
 * Google's services, which this machine's closed network refuses.
 */
const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

// One line where the Electron project cannot run (the fixture skips its tests with the same reason).
if (process.env.TEST_WORKER_INDEX === undefined) {
  const electron = findElectron({ env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, err: () => undefined })
  if (!electron.found) console.log(`[electron] specs skipped: ${electron.reason}; the browser-shell project runs them.`)
}

export default defineConfig<{ host: Host }>({
  testDir: 'tests/e2e/specs',
  globalSetup: './tests/e2e/global-setup.ts',
  outputDir: 'test-results/playwright',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'browser-shell', use: { host: 'browser' } },
    { name: 'electron', use: { host: 'electron' } },
  ],
})

import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { _electron, test as base, type Page } from '@playwright/test'
import { electronSqliteBinding, findElectron } from '../../src/main/cli/electron-launch'
import { startSmtpCapture } from '../support/smtp-capture'
import { settled } from './support/settled'

export type Host = 'browser' | 'electron'

interface Fixtures {
  host: Host
  /** A fresh data directory for this test. */
  dataDir: string
  /** The recipients' mailboxes: a loopback SMTP server the console sends to (SWITCHBOARD_SMTP_URL). */
  mail: Mailbox
  /**
   * Whether the console is started with SWITCHBOARD_SMTP_URL pointing at `mail` (the default); off for
   * specs of Settings → Email, which the variable would lock.
   */
  smtpFromEnvironment: boolean
  /** The console's window: a Chromium tab on the browser shell, or the Electron window. */
  app: Page
}

interface Mailbox {
  url: string
  /** The link in the n-th newest message whose subject starts so, as its recipient would open it. */
  linkIn(subject: string, nth?: number): string
  /** Who received a message whose subject starts so, oldest first. */
  recipientsOf(subject: string): string[]
}

const root = path.resolve(import.meta.dirname, '..', '..')

/** Runs `switchboard start` exactly as a user would and waits for the printed link. */
async function startBrowserShell(dataDir: string, smtp: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [path.join(root, 'bin', 'switchboard.js'), 'start', '--browser', '--no-open', '--data', dataDir], {
    cwd: root,
    env: { ...process.env, ...smtp },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`switchboard start printed no link:\n${output}`)), 30_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /Console: (http:\/\/127\.0\.0\.1:\d+\/\?k=\S+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', (code) => reject(new Error(`switchboard start exited with ${code}:\n${output}`)))
  })
  return { url, child }
}

/**
 * Saves a whole-page screenshot a person should look at, in test-results/screenshots. The page is
 * scrolled to the top first: otherwise the fixed header is drawn where the scroll left it.
 */
export async function snapshot(page: Page, host: Host, name: string): Promise<void> {
  await page.evaluate('window.scrollTo(0, 0)')
  // A dialog still closing would be photographed half transparent over the screen.
  await settled(page)
  await page.screenshot({ path: path.join(root, 'test-results', 'screenshots', `${host}-${name}.png`), fullPage: true })
}

export const test = base.extend<Fixtures>({
  host: ['browser', { option: true }],

  // Playwright requires an object pattern for a fixture that uses no other fixture.
  // eslint-disable-next-line no-empty-pattern
  dataDir: async ({}, use) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-e2e-'))
    await use(dir)
    fs.rmSync(dir, { recursive: true, force: true })
  },

  // Links reach their recipient by mail: the Outbox shows them only for demo tenancies.
  // eslint-disable-next-line no-empty-pattern
  mail: async ({}, use) => {
    const smtp = await startSmtpCapture()
    await use({
      url: smtp.url,
      linkIn(subject, nth = 0) {
        const mail = smtp.received.filter((m) => m.subject?.startsWith(subject)).reverse()[nth]
        const link = /\S+#\/(?:register|reset-password)\/\S+/.exec(mail?.text ?? '')?.[0]
        if (!link) throw new Error(`no mail "${subject}" (#${nth}) with a link was received`)
        return link
      },
      recipientsOf: (subject) =>
        smtp.received.filter((m) => m.subject?.startsWith(subject)).map((m) => (m.to && !Array.isArray(m.to) ? m.to.text : '')),
    })
    await smtp.close()
  },

  smtpFromEnvironment: [true, { option: true }],

  app: async ({ host, dataDir, mail, smtpFromEnvironment, page }, use, testInfo) => {
    const smtp: Record<string, string> = smtpFromEnvironment ? { SWITCHBOARD_SMTP_URL: mail.url } : {}
    if (host === 'browser') {
      const { url, child } = await startBrowserShell(dataDir, smtp)
      await page.goto(url)
      await use(page)
      child.kill('SIGTERM')
      return
    }
    const electron = findElectron({ env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, err: () => undefined })
    testInfo.skip(!electron.found, 'Electron binary not installed on this machine; the browser-shell project covers these specs')
    if (!electron.found) return
    const binding = electronSqliteBinding(electron.version, { err: () => undefined })
    testInfo.skip(!binding, 'better-sqlite3 could not be built for Electron here')
    const app = await _electron.launch({
      executablePath: electron.binary,
      args: [root, '--data', dataDir],
      env: { ...process.env, SWITCHBOARD_SQLITE_BINDING: binding!, ...smtp },
    })
    await use(await app.firstWindow())
    await app.close()
  },
})

export { expect } from '@playwright/test'

/**
 * For a spec that needs the OS credential store: skipped, with the one line global-setup.ts
 * printed, where there is none (as vitest's keychain suites are).
 */
export function needsKeychain(): void {
  const reason = process.env.SWITCHBOARD_KEYCHAIN_SKIPPED
  test.skip(reason !== undefined, reason)
}

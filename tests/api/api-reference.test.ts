import { chromium, type Browser } from '@playwright/test'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startInstanceServer, type InstanceServer } from '../../src/main/instance/instance-server'
import { INSTANCE_PATHS } from '../../src/main/remote/protocol'
import { tempBackend, tempRendererDir } from '../support/temp-backend'

let browser: Browser
let server: InstanceServer | undefined
beforeAll(async () => {
  // Debian's Chromium, as the e2e suite uses; kept from reaching for Google's services.
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}, 60_000)
afterAll(async () => browser?.close())
afterEach(async () => {
  await server?.close()
  server = undefined
})

describe('/api/docs in a real browser', () => {
  it('renders every operation with Redoc from this instance alone, under its CSP, with no violation or error', async () => {
    server = await startInstanceServer({ services: tempBackend().services, rendererDir: tempRendererDir() })
    const origin = new URL(server.url).origin
    const context = await browser.newContext()
    const page = await context.newPage()
    const requests: string[] = []
    const problems: string[] = []
    page.on('request', (request) => requests.push(request.url()))
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`)
    })
    // Violations are reported to the page as events (and as console errors, caught above).
    await page.addInitScript({
      content: `document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI))`,
    })
    const response = await page.goto(`${server.url}${INSTANCE_PATHS.reference}`)
    expect(response?.status()).toBe(200)
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'")

    // Redoc lists operations by summary, grouped under the feature tags.
    await expect.poll(() => page.getByText('Invite a user').count(), { timeout: 30_000 }).toBeGreaterThan(0)
    const body = await page.locator('body').innerText()
    for (const text of [
      'Switchboard instance API',
      'List pending invitations',
      'Sign in with email and password',
      'invitations',
      'organisations',
    ]) {
      expect(body).toContain(text)
    }
    expect(requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('data:') && !url.startsWith('blob:'))).toEqual([])
    expect(requests).toContain(`${origin}${INSTANCE_PATHS.openApi}`)
    expect(problems).toEqual([])
    await context.close()
  }, 90_000)
})

import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from '../fixtures'

/**
 * The console's first load, as the build leaves it: the entry script and every chunk index.html
 * preloads with it. The rest (each screen, the switcher's dropdown, the notices) comes when needed.
 * A size, not a timing, so it may be asserted. This lives with the e2e specs because they run on the
 * build (`npm test` builds after the unit tests and before Playwright); a unit test would read a
 * missing or stale build.
 */
const RENDERER = path.resolve(import.meta.dirname, '..', '..', '..', 'out', 'renderer')
const INITIAL_JS_LIMIT = 500_000

function initialScripts(html: string): string[] {
  const entry = [...html.matchAll(/<script type="module"[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]!)
  const preloads = [...html.matchAll(/<link rel="modulepreload"[^>]*\shref="([^"]+)"/g)].map((m) => m[1]!)
  return [...entry, ...preloads]
}

test('the console loads at most 500 KB of JavaScript before its first screen', async ({ host }) => {
  test.skip(host !== 'browser', 'the same build serves both hosts; checked once')
  const index = path.join(RENDERER, 'index.html')
  test.skip(!fs.existsSync(index), `no renderer build at ${RENDERER}: run "npx electron-vite build" first`)
  const scripts = initialScripts(fs.readFileSync(index, 'utf8'))
  expect(scripts.length).toBeGreaterThan(0)
  const sizes = scripts.map((src) => ({ src, bytes: fs.statSync(path.join(RENDERER, src)).size }))
  const total = sizes.reduce((sum, s) => sum + s.bytes, 0)
  expect(total, `initial JavaScript: ${sizes.map((s) => `${s.src} ${s.bytes}`).join(', ')}`).toBeLessThanOrEqual(INITIAL_JS_LIMIT)
  // Screens are split off, not inlined: the build has more script files than the first load uses.
  const all = fs.readdirSync(path.join(RENDERER, 'assets')).filter((f) => f.endsWith('.js'))
  expect(all.length).toBeGreaterThan(scripts.length + 10)
})

test('the browser shell serves hashed assets for a year and index.html for revalidation', async ({ app, host }) => {
  test.skip(host !== 'browser', 'only the browser shell serves the console over HTTP')
  await app.getByRole('heading', { level: 1 }).first().waitFor()
  const origin = new URL(app.url()).origin
  const [entry] = initialScripts(fs.readFileSync(path.join(RENDERER, 'index.html'), 'utf8'))
  const asset = await app.request.get(`${origin}/${entry!.replace(/^\.\//, '')}`)
  expect(asset.status()).toBe(200)
  expect(asset.headers()['cache-control']).toBe('public, max-age=31536000, immutable')
  const page = await app.request.get(`${origin}/`)
  expect(page.headers()['cache-control']).toBe('no-cache')
})

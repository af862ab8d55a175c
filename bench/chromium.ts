import fs from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { chromium, type ElementHandle, type Locator, type Page } from 'playwright-core'
import { BENCH_OPERATOR, type Tenant } from './setup'

export interface ChromiumFigures {
  /**
   * Press on the organisation in the switcher → the new tenant's Overview shown: its banner, and its figures
   * down to the last section (timed in the page).
   */
  switchToOverview: number[]
  /** Press on Admin → Users → the first user rows shown (timed in the page). */
  usersToFirstRows: number[]
  /** The two above added, per switch: switch → first user rows, less the test driver's time between them. */
  switchToFirstRows: number[]
  /** Keydown in the users search (big tenant) → every row shown matches the typed term. */
  keystrokeToRows: number[]
  note?: string
}

const CHROMIUM = process.env.BENCH_CHROMIUM ?? '/usr/bin/chromium'
/** Search terms for the keystroke figure. Each one's first two letters differ from every other's, so rows of an earlier search never pass for the next. */
export const SEARCH_TERMS = [
  'ann',
  'mar',
  'joh',
  'eli',
  'ste',
  'ric',
  'dav',
  'kat',
  'ben',
  'sam',
  'chr',
  'lou',
  'pet',
  'hel',
  'tho',
  'wil',
].concat(['ros', 'jam', 'ada', 'ger', 'fra', 'edw', 'nic', 'car'])

/**
 * Resolves (in the page) when every body row of the table contains `term`, timed from the next
 * keydown in `input` to the frame after the DOM that satisfies it. Run before the key is pressed.
 */
async function armRowsWatch(page: Page, table: ElementHandle, input: ElementHandle, term: string): Promise<void> {
  await page.evaluate(
    ([tableEl, inputEl, wanted]) => {
      // The page's DOM, typed as much as used here (the bench compiles without the DOM library).
      type Rows = { querySelectorAll(selector: string): ArrayLike<{ textContent: string | null }> }
      type Input = { addEventListener(type: string, listener: (e: { timeStamp: number }) => void, options: object): void }
      const page = globalThis as unknown as {
        MutationObserver: new (callback: () => void) => { observe(target: unknown, options: object): void; disconnect(): void }
        requestAnimationFrame(callback: () => void): void
        __benchRows?: Promise<number>
      }
      page.__benchRows = new Promise<number>((resolve, reject) => {
        let keydownAt: number | null = null
        const matches = () => {
          const rows = Array.from((tableEl as unknown as Rows).querySelectorAll('tbody tr:not([aria-hidden="true"])'))
          return rows.length > 0 && rows.every((row) => (row.textContent ?? '').toLowerCase().includes(wanted))
        }
        const observer = new page.MutationObserver(() => {
          if (keydownAt === null || !matches()) return
          observer.disconnect()
          const start = keydownAt
          page.requestAnimationFrame(() => resolve(performance.now() - start))
        })
        ;(inputEl as unknown as Input).addEventListener('keydown', (e) => (keydownAt = e.timeStamp), { once: true, capture: true })
        observer.observe(tableEl, { childList: true, subtree: true, characterData: true })
        setTimeout(() => reject(new Error(`rows matching "${wanted}" not shown within 15 s`)), 15_000)
      })
    },
    [table, input, term] as const,
  )
}

/** What `armShownWatch` waits for: the Overview of the tenant named, or the users table's first row. */
type Shown = { overviewOf: string } | { usersRows: true }

/**
 * Resolves (in the page) with the time from the next pointerdown anywhere in the page to the frame
 * after the DOM shows `shown`, as `armRowsWatch` does for a keystroke: the figure is the app's, not
 * Playwright's (its click first waits for the target to be visible, stable for two frames and hit,
 * and its `waitFor` polls from another process). Run before the click.
 */
async function armShownWatch(page: Page, shown: Shown): Promise<void> {
  await page.evaluate((wanted) => {
    type Node = { textContent: string | null }
    type Doc = {
      body: unknown
      querySelector(selector: string): Node | null
      querySelectorAll(selector: string): ArrayLike<Node>
      addEventListener(type: string, listener: (e: { timeStamp: number }) => void, options: object): void
    }
    const page = globalThis as unknown as {
      document: Doc
      MutationObserver: new (callback: () => void) => { observe(target: unknown, options: object): void; disconnect(): void }
      requestAnimationFrame(callback: () => void): void
      __benchShown?: Promise<number>
      __benchPressedAt?: number
    }
    const doc = page.document
    const done = () =>
      'usersRows' in wanted
        ? doc.querySelector('table[aria-label="Users"] tbody tr:not([aria-hidden="true"])') !== null
        : Array.from(doc.querySelectorAll('h1')).some((h) => h.textContent === 'Overview') &&
          // The figures, not only the heading: their last section is drawn with the rest of them.
          Array.from(doc.querySelectorAll('h2')).some((h) => h.textContent === 'Recent audit events') &&
          Array.from(doc.querySelectorAll('[role="status"]')).some((s) =>
            (s.textContent ?? '').includes(`You are working in ${wanted.overviewOf}`),
          )
    page.__benchShown = new Promise<number>((resolve, reject) => {
      let pressedAt: number | null = null
      const check = () => {
        if (pressedAt === null || !done()) return
        observer.disconnect()
        const start = pressedAt
        page.requestAnimationFrame(() => resolve(performance.now() - start))
      }
      const observer = new page.MutationObserver(check)
      doc.addEventListener('pointerdown', (e) => (page.__benchPressedAt = pressedAt = e.timeStamp), { once: true, capture: true })
      observer.observe(doc.body, { childList: true, subtree: true, characterData: true })
      setTimeout(() => reject(new Error(`${JSON.stringify(wanted)} not shown within 15 s`)), 15_000)
    })
  }, shown)
}

const shownAfterPress = (page: Page) => page.evaluate(() => (globalThis as unknown as { __benchShown: Promise<number> }).__benchShown)

/**
 * BENCH_CHROMIUM_DETAIL=1: after each step, the calls the page made since the press, as "path start→end" in ms from the
 * press (resource timing), to see how much of a step is waiting on the backend and how much is the page's own work.
 */
const DETAIL = Boolean(process.env.BENCH_CHROMIUM_DETAIL)
async function callsSincePress(page: Page): Promise<string> {
  return page.evaluate(() => {
    type Entry = { name: string; startTime: number; responseEnd?: number }
    const g = globalThis as unknown as { __benchPressedAt: number; performance: { getEntriesByType(type: string): Entry[] } }
    const from = g.__benchPressedAt
    const since = (type: string) => g.performance.getEntriesByType(type).filter((e) => e.startTime >= from - 50)
    const calls = since('resource').map(
      (e) =>
        `${e.name.replace(/^.*\/rpc\//, '').replace(/^.*\/assets\//, '')} ${(e.startTime - from).toFixed(0)}→${((e.responseEnd ?? 0) - from).toFixed(0)}`,
    )
    // And the page's own performance marks, if it makes any.
    const marks = since('mark').map((e) => `${e.name} @${(e.startTime - from).toFixed(0)}`)
    return [...calls, ...marks].join(', ')
  })
}

async function allRowsMatch(table: Locator, term: string, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const texts = await table.locator('tbody tr:not([aria-hidden="true"])').allTextContents()
    if (texts.length && texts.every((t) => t.toLowerCase().includes(term))) return
    if (Date.now() > until) throw new Error(`rows matching "${term}" never shown`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** `terms`: search terms (from SEARCH_TERMS) that match users of the big tenant. */
export async function chromiumBench(
  root: string,
  consoleUrl: string,
  tenants: { big: Tenant; small: Tenant },
  runs: number,
  terms: readonly string[],
): Promise<ChromiumFigures> {
  const figures: ChromiumFigures = { switchToOverview: [], usersToFirstRows: [], switchToFirstRows: [], keystrokeToRows: [] }
  if (!fs.existsSync(path.join(root, 'out', 'renderer', 'index.html')))
    return { ...figures, note: 'renderer not built: run npx electron-vite build' }
  if (!fs.existsSync(CHROMIUM)) return { ...figures, note: `no Chromium at ${CHROMIUM}` }
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true })
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } })
    // tsx (esbuild keepNames) wraps the functions passed to page.evaluate in __name(…): give every document one.
    await context.addInitScript({ content: 'globalThis.__name = globalThis.__name || ((f) => f)' })
    const page = await context.newPage()
    page.setDefaultTimeout(30_000)
    await page.goto(consoleUrl)
    await page.getByRole('textbox', { name: 'Email' }).fill(BENCH_OPERATOR.admin.email)
    await page.getByLabel(/^Password/).fill(BENCH_OPERATOR.admin.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    const nav = page.getByRole('navigation', { name: 'Main navigation' })
    await nav.waitFor()

    const usersLink = nav.getByRole('link', { name: 'Users' })
    const table = page.getByRole('table', { name: 'Users' })
    const firstRow = table.locator('tbody tr:not([aria-hidden="true"])').first()
    const switcher = page.getByRole('button', { name: 'Switch tenant' })
    const switcherSearch = page.getByRole('textbox', { name: 'Search organisations' })
    const list = page.getByRole('listbox', { name: 'Organisations' })

    // BENCH_CHROMIUM_PROFILE=<file>: the page's CPU profile over the timed switches (open it in Chromium's DevTools).
    const profileTo = process.env.BENCH_CHROMIUM_PROFILE
    const cdp = profileTo ? await context.newCDPSession(page) : null
    // Warm-up plus `runs` switches, alternating between the big and the small tenant.
    for (let i = 0; i <= runs; i++) {
      if (i === 1 && cdp) {
        await cdp.send('Profiler.enable')
        await cdp.send('Profiler.setSamplingInterval', { interval: 100 })
        await cdp.send('Profiler.start')
      }
      const target = i % 2 === 0 ? tenants.big : tenants.small
      await switcher.click()
      await switcherSearch.fill(target.name)
      const option = list.getByRole('option', { name: new RegExp(`^${target.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`) }).first()
      await option.waitFor()
      const banner = page.getByRole('status').filter({ hasText: `You are working in ${target.name}` })
      const overview = page.getByRole('heading', { name: 'Overview', level: 1 })
      await armShownWatch(page, { overviewOf: target.name })
      await option.click()
      await Promise.all([overview.waitFor(), banner.waitFor()])
      const shown = await shownAfterPress(page)
      const switchCalls = DETAIL ? await callsSincePress(page) : ''
      await armShownWatch(page, { usersRows: true })
      await usersLink.click()
      await firstRow.waitFor()
      const rows = await shownAfterPress(page)
      if (DETAIL) {
        process.stderr.write(`switch ${shown.toFixed(0)} ms: ${switchCalls}\n`)
        process.stderr.write(`users ${rows.toFixed(0)} ms: ${await callsSincePress(page)}\n`)
      }
      if (i === 0) continue
      figures.switchToOverview.push(shown)
      figures.usersToFirstRows.push(rows)
      figures.switchToFirstRows.push(shown + rows)
    }

    if (cdp && profileTo) fs.writeFileSync(profileTo, JSON.stringify((await cdp.send('Profiler.stop')).profile))

    // Keystrokes in the big tenant's users search.
    await switcher.click()
    await switcherSearch.fill(tenants.big.name)
    await list.getByRole('option').first().click()
    await page
      .getByRole('status')
      .filter({ hasText: `You are working in ${tenants.big.name}` })
      .waitFor()
    await usersLink.click()
    await firstRow.waitFor()
    const search = page.getByRole('textbox', { name: 'Search' })
    const tableHandle = await table.elementHandle()
    const inputHandle = await search.elementHandle()
    if (!tableHandle || !inputHandle) throw new Error('no users table or search box')
    for (let i = 0; i <= Math.min(runs, terms.length - 1); i++) {
      const term = terms[i]!
      await search.fill(term.slice(0, 2))
      await allRowsMatch(table, term.slice(0, 2))
      // Let the two-letter search settle: no request of it may land after the keystroke.
      await page.waitForTimeout(1000)
      await armRowsWatch(page, tableHandle, inputHandle, term)
      await search.press(term[2]!)
      try {
        const elapsed = await page.evaluate(() => (globalThis as unknown as { __benchRows: Promise<number> }).__benchRows)
        if (i > 0) figures.keystrokeToRows.push(elapsed)
      } catch (error) {
        figures.note = `keystroke "${term}": ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`
      }
    }
    return figures
  } finally {
    await browser.close()
  }
}

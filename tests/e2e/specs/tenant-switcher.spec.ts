import { expect, snapshot, test } from '../fixtures'
import { ConsoleScreen } from '../pages/console.page'
import { TenantSwitcher } from '../pages/organisations.page'
import { OPERATOR as operator, SetupScreen } from '../pages/setup.page'
import { UsersScreen } from '../pages/users.page'
import { expectAccessible } from '../support/axe'
import { seedHelpdesk, seedOrganisations, seedUsersIn } from '../support/store'

test.beforeEach(async ({ app, dataDir }) => {
  await new SetupScreen(app).complete()
  seedOrganisations(dataDir, [
    { name: 'Fabrikam Ltd', slug: 'fabrikam' },
    { name: 'Contoso Dental', slug: 'contoso-dental' },
    { name: 'Adventure Works Demo', slug: 'adventure-works', isDemo: true },
  ])
})

test('switching tenants as the admin guide says: click the switcher, the organisations are listed, pick one, see the banner', async ({
  app,
  host,
}) => {
  const switcher = new TenantSwitcher(app)

  // Click the tenant switcher at the bottom of the left sidebar: every organisation is listed
  // without typing, the current tenant first and marked, then the rest alphabetically.
  await switcher.button.click()
  await expect(switcher.list.getByRole('option')).toHaveText([
    /^Northwind MSP\s*Current$/,
    /^Adventure Works Demo\s*Demo$/,
    /^Contoso Dental$/,
    /^Fabrikam Ltd$/,
  ])
  await expect(switcher.option(operator.orgName)).toHaveAttribute('aria-selected', 'true')
  await expect(switcher.search).toHaveValue('')
  await snapshot(app, host, 'tenant-switcher-open')
  await expectAccessible(app, 'tenant switcher, open')

  // Select the target organisation from the dropdown: the console shows itself in it, with the banner.
  await switcher.pick('Fabrikam Ltd')
  await expect(switcher.banner).toContainText('You are working in Fabrikam Ltd')
  await expect(switcher.button).toContainText('Fabrikam Ltd')

  // Recently used tenants (here the one just left) come next after the current one; typing filters on the server, clearing shows all again.
  await switcher.button.click()
  await expect(switcher.list.getByRole('option')).toHaveText([
    /^Fabrikam Ltd\s*Current$/,
    /^Northwind MSP\s*Recent$/,
    /^Adventure Works Demo\s*Demo$/,
    /^Contoso Dental$/,
  ])
  await switcher.search.fill('DENT')
  await expect(switcher.list.getByRole('option')).toHaveText([/^Contoso Dental$/])
  await switcher.search.fill('nothing like it')
  await expect(switcher.list).toContainText('No organisation matches')
  await switcher.search.fill('')
  await expect(switcher.list.getByRole('option')).toHaveCount(4)

  // Selecting the current tenant does nothing: still in Fabrikam.
  await switcher.option('Fabrikam Ltd').click()
  await expect(switcher.list).toBeHidden()
  await expect(switcher.banner).toContainText('You are working in Fabrikam Ltd')
})

test('switching tenants re-renders the console in place: no reload, nothing of the old tenant left on screen', async ({ app, dataDir }) => {
  seedHelpdesk(dataDir, ['Nora Northwind'], [])
  seedUsersIn(dataDir, 'fabrikam', ['Fiona Fabrikam'])
  const switcher = new TenantSwitcher(app)
  const users = new UsersScreen(app)
  const shell = new ConsoleScreen(app)
  let loads = 0
  app.on('load', () => loads++)

  await users.open()
  await expect(users.table.getByRole('row').filter({ hasText: 'Nora Northwind' })).toBeVisible()
  // A mark on this document: a reload would start a new one without it.
  await app.evaluate('window.__sameDocument = true')

  await switcher.switchTo('Fabrikam Ltd')
  await expect(switcher.banner).toContainText('You are working in Fabrikam Ltd')
  await expect(shell.heading('Overview')).toBeVisible()
  await expect(app.getByText('fabrikam', { exact: true })).toBeVisible()

  // Admin → Users lists Fabrikam's users only: the Northwind list was dropped, not shown while Fabrikam's comes.
  await users.open()
  await expect(users.table.getByRole('row').filter({ hasText: 'Fiona Fabrikam' })).toBeVisible()
  await expect(app.getByText('Nora Northwind')).toHaveCount(0)

  // And back: Northwind's users again, none of Fabrikam's.
  await switcher.returnHome(operator.orgName)
  await expect(shell.heading('Overview')).toBeVisible()
  await users.open()
  await expect(users.table.getByRole('row').filter({ hasText: 'Nora Northwind' })).toBeVisible()
  await expect(app.getByText('Fiona Fabrikam')).toHaveCount(0)

  expect(await app.evaluate('window.__sameDocument')).toBe(true)
  expect(loads).toBe(0)
})

test('the tenant switcher works from the keyboard', async ({ app }) => {
  const switcher = new TenantSwitcher(app)
  const shell = new ConsoleScreen(app)
  await expect(shell.tenantArea.getByRole('button', { name: 'Switch tenant' })).toBeVisible()

  // Focus it and open with Enter; Escape closes it and gives focus back.
  await switcher.button.focus()
  await app.keyboard.press('Enter')
  await expect(switcher.list.getByRole('option')).toHaveCount(4)
  await expect(switcher.search).toBeFocused()
  await app.keyboard.press('Escape')
  await expect(switcher.list).toBeHidden()
  await expect(switcher.button).toBeFocused()

  // Arrow keys open it too and move through the list; Enter selects.
  await app.keyboard.press('ArrowDown')
  await expect(switcher.list.getByRole('option')).toHaveCount(4)
  await app.keyboard.type('contoso')
  await expect(switcher.list.getByRole('option')).toHaveText([/^Contoso Dental$/])
  await app.keyboard.press('ArrowDown')
  await app.keyboard.press('Enter')
  await expect(switcher.banner).toContainText('You are working in Contoso Dental')
})

test('while the backend switches, the screen of the tenant being left is already gone', async ({ app, host }) => {
  test.skip(host !== 'browser', 'holds an HTTP call of the browser shell; the Electron window talks over a MessagePort')
  const switcher = new TenantSwitcher(app)
  const users = new UsersScreen(app)
  await users.open()
  await expect(users.userRow(operator.name)).toBeVisible()

  let release = () => {}
  const held = new Promise<void>((resolve) => (release = resolve))
  await app.route(
    '**/rpc/auth/switchTenant',
    async (route) => {
      await held
      await route.continue()
    },
    { times: 1 },
  )
  await switcher.button.click()
  await switcher.option('Fabrikam Ltd').click()
  // The switch is on its way: Northwind's users are no longer on screen, the switch is.
  await expect(app.getByLabel('Switching tenant')).toBeVisible()
  await expect(users.table).toHaveCount(0)
  release()
  await expect(switcher.banner).toContainText('You are working in Fabrikam Ltd')
  await expect(app.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible()
  await expect(app.getByLabel('Switching tenant')).toHaveCount(0)
})

/** What the switch test reads and keeps in the page (its globals, typed here: the specs compile without the DOM's types). */
interface InPage {
  document: { body: unknown; querySelectorAll(selector: string): ArrayLike<{ textContent: string | null }> }
  MutationObserver: new (callback: () => void) => { observe(target: unknown, options: object): void; disconnect(): void }
  performance: { now(): number; getEntriesByType(type: string): { name: string; startTime: number }[] }
  __armedAt: number
  __drawnAt: number | null
  __figuresWithIt: boolean | null
}

test('a switch keeps the shell and what does not depend on the tenant, asks for the new Overview’s figures before drawing it and draws it with them, and fetches the first users page once, before Admin → Users is clicked', async ({
  app,
  host,
  dataDir,
}) => {
  test.skip(host !== 'browser', 'counts HTTP calls of the browser shell; the Electron window talks over a MessagePort')
  seedHelpdesk(dataDir, ['Nora Northwind'], [])
  seedUsersIn(dataDir, 'fabrikam', ['Fiona Fabrikam'])
  const switcher = new TenantSwitcher(app)
  const shell = new ConsoleScreen(app)
  const users = new UsersScreen(app)
  const calls: string[] = []
  app.on('request', (request) => {
    const path = new URL(request.url()).pathname
    if (path.startsWith('/rpc/')) calls.push(path.slice('/rpc/'.length))
  })
  // A mark on the sidebar's element: a shell drawn anew would be another element, without it.
  await shell.sidebar.evaluate((nav) => Object.assign(nav, { __beforeSwitch: true }))
  // The Users page comes as soon as the switch lands, without the pointer going near the link.
  const usersPage = app.waitForRequest((request) => request.url().endsWith('/rpc/users/list'))
  await switcher.button.click()
  await expect(switcher.option('Fabrikam Ltd')).toBeVisible()
  calls.length = 0
  // In the page: when Fabrikam's Overview is first drawn, to set against when its figures were asked for, and
  // whether its figures (down to their last section) were drawn with it.
  await app.evaluate(() => {
    const page = globalThis as unknown as InPage
    page.__armedAt = page.performance.now()
    page.__drawnAt = null
    page.__figuresWithIt = null
    const texts = (selector: string) => Array.from(page.document.querySelectorAll(selector), (node) => node.textContent ?? '')
    const drawn = () =>
      texts('h1').includes('Overview') && texts('[role="status"]').some((text) => text.includes('You are working in Fabrikam Ltd'))
    const watch = new page.MutationObserver(() => {
      if (!drawn()) return
      page.__drawnAt = page.performance.now()
      page.__figuresWithIt = texts('h2').includes('Recent audit events')
      watch.disconnect()
    })
    watch.observe(page.document.body, { childList: true, subtree: true, characterData: true })
  })

  await switcher.pick('Fabrikam Ltd')
  await expect(switcher.banner).toContainText('You are working in Fabrikam Ltd')
  await expect(shell.heading('Overview')).toBeVisible()
  await usersPage
  // The figures were asked for once, as the switch landed: before the new Overview was drawn, not after it.
  const figures = await app.evaluate(() => {
    const page = globalThis as unknown as InPage
    const asked = page.performance
      .getEntriesByType('resource')
      .filter((e) => e.name.endsWith('/rpc/overview/get') && e.startTime > page.__armedAt)
    return { asked: asked.map((e) => e.startTime), drawnAt: page.__drawnAt, withIt: page.__figuresWithIt }
  })
  expect(figures.asked).toHaveLength(1)
  expect(figures.drawnAt).not.toBeNull()
  expect(figures.asked[0]).toBeLessThan(figures.drawnAt!)
  // The switch waited for them (a loopback answer is well within its wait): no loading figures in between.
  expect(figures.withIt).toBe(true)
  expect(await shell.sidebar.evaluate((nav) => '__beforeSwitch' in nav)).toBe(true)
  // Whether this is the demo and which connection is open are the same in every tenant: not asked again;
  // the organisations list only when the switcher is next pointed at or opened. (What the opening asked for can
  // still be on its way as the pick is made: only the calls from the switch on count.)
  const sinceSwitch = calls.slice(calls.indexOf('auth/switchTenant'))
  expect(sinceSwitch[0]).toBe('auth/switchTenant')
  expect(sinceSwitch).not.toContain('demo/status')
  expect(sinceSwitch).not.toContain('connections/active')
  expect(sinceSwitch).not.toContain('auth/switchableTenants')
  expect(sinceSwitch.filter((call) => call === 'overview/get')).toHaveLength(1)

  // The page fetched is Fabrikam's: Admin → Users shows it, and nothing of Northwind. It is not asked for
  // again: not as the link is pointed at and pressed, nor as the table first looks.
  await users.open()
  await expect(users.table.getByRole('row').filter({ hasText: 'Fiona Fabrikam' })).toBeVisible()
  await expect(app.getByText('Nora Northwind')).toHaveCount(0)
  expect(calls.filter((call) => call === 'users/list')).toHaveLength(1)

  const beforeHover = calls.length
  await switcher.button.hover()
  await expect.poll(() => calls.slice(beforeHover)).toContain('auth/switchableTenants')
})

test('pointing at or focusing Admin → Users fetches its first page before the click', async ({ app, host }) => {
  test.skip(host !== 'browser', 'watches HTTP calls of the browser shell; the Electron window talks over a MessagePort')
  const shell = new ConsoleScreen(app)
  const users = new UsersScreen(app)
  const link = shell.sidebar.getByRole('link', { name: 'Users' })
  const usersPage = () => app.waitForRequest((request) => request.url().endsWith('/rpc/users/list'))

  let fetched = usersPage()
  await link.hover()
  await fetched
  await users.open()
  await expect(users.userRow(operator.name)).toBeVisible()

  // From the keyboard: focusing the entry is the same intent.
  await shell.sidebar.getByRole('link', { name: 'Overview' }).click()
  await expect(shell.heading('Overview')).toBeVisible()
  fetched = usersPage()
  await link.focus()
  await fetched
})

import { expect, test } from '../fixtures'
import { ConsoleScreen } from '../pages/console.page'
import { OrganisationsScreen } from '../pages/organisations.page'
import { SetupScreen } from '../pages/setup.page'
import { UsersScreen } from '../pages/users.page'
import { expectAccessible } from '../support/axe'
import { seedHelpdesk } from '../support/store'

test('addresses that lead nowhere show a not-found page inside the console', async ({ app }) => {
  await new SetupScreen(app).complete()
  const shell = new ConsoleScreen(app)

  // A malformed escape in the hash (it made the old router throw URIError and blank the console).
  for (const hash of ['#/admin/users/%', '#/admin/users/not-an-id', '#/no/such/page']) {
    await shell.goToHash(hash)
    await expect(shell.heading('Page not found')).toBeVisible()
    await expect(shell.sidebar).toBeVisible()
  }
  await expectAccessible(app, 'not found')
  await app.reload()
  await expect(shell.heading('Page not found')).toBeVisible()

  // The page offers the way back, and the console still works.
  await app.getByRole('link', { name: 'Go to Overview' }).click()
  await expect(shell.heading('Overview')).toBeVisible()
})

test('the sidebar group headers are buttons that open and close their entries', async ({ app }) => {
  await new SetupScreen(app).complete()
  const shell = new ConsoleScreen(app)
  const admin = shell.group('Admin')
  await expect(admin).toHaveAttribute('aria-expanded', 'true')
  await admin.focus()
  await app.keyboard.press('Enter')
  await expect(admin).toHaveAttribute('aria-expanded', 'false')
  await expect(shell.sidebar.getByRole('link', { name: 'Users' })).toHaveCount(0)
  await app.keyboard.press('Enter')
  await expect(admin).toHaveAttribute('aria-expanded', 'true')
  await expect(shell.sidebar.getByRole('link', { name: 'Users' })).toBeVisible()
})

test('Admin → Users keeps its filters, search and sort across a user, "← Users", the tabs and a reload', async ({ app, dataDir }) => {
  await new SetupScreen(app).complete()
  seedHelpdesk(dataDir, ['Nia Agent', 'Max Manager', 'Sol Outsider'], [])
  const users = new UsersScreen(app)
  await users.open()

  await users.filterRole('AGENT')
  await users.sortBy('Name')
  const filtered = ['Sol Outsider', 'Nia Agent', 'Max Manager']
  await expect.poll(() => users.names()).toEqual(filtered)

  const kept = async () => {
    await expect(users.roleFilter).toHaveValue('AGENT')
    await expect(users.sortHeader('Name')).toHaveAttribute('aria-sort', 'descending')
    await expect.poll(() => users.names()).toEqual(filtered)
  }
  await users.openUser('Nia Agent')
  await app.getByRole('link', { name: '← Users' }).click()
  await kept()
  await app.reload()
  await kept()
  await users.openPendingInvitations()
  await app.getByRole('tab', { name: 'Users' }).click()
  await kept()

  await users.search.fill('outsider')
  await expect.poll(() => users.names()).toEqual(['Sol Outsider'])
  await users.openUser('Sol Outsider')
  await app.getByRole('link', { name: '← Users' }).click()
  await app.reload()
  await expect(users.search).toHaveValue('outsider')
  await expect.poll(() => users.names()).toEqual(['Sol Outsider'])
  await expect(users.roleFilter).toHaveValue('AGENT')
})

test('Admin → Organisations keeps its search across an organisation, "← Organisations" and a reload', async ({ app }) => {
  await new SetupScreen(app).complete()
  const orgs = new OrganisationsScreen(app)
  await orgs.open()
  await orgs.startNew('Contoso Ltd')
  await orgs.save()
  await expect(app.getByRole('heading', { name: 'Contoso Ltd', level: 1 })).toBeVisible()
  await app.getByRole('link', { name: '← Organisations' }).click()
  await expect(orgs.table.getByRole('row')).toHaveCount(3)

  await orgs.search.fill('contoso')
  await expect(orgs.table.getByRole('row')).toHaveCount(2)
  await orgs.openOrganisation('Contoso Ltd')
  await app.getByRole('link', { name: '← Organisations' }).click()
  await expect(orgs.search).toHaveValue('contoso')
  await expect(orgs.table.getByRole('row')).toHaveCount(2)
  await app.reload()
  await expect(orgs.search).toHaveValue('contoso')
  await expect(orgs.table.getByRole('row')).toHaveCount(2)
  await expect(orgs.table).toContainText('Contoso Ltd')
})

test('a long Admin → Users list draws only what the window shows, loads more as it scrolls and keeps its place coming back', async ({
  app,
  dataDir,
}) => {
  await new SetupScreen(app).complete()
  seedHelpdesk(
    dataDir,
    Array.from({ length: 300 }, (_, i) => `Agent ${String(i + 1).padStart(3, '0')}`),
    [],
  )
  const users = new UsersScreen(app)
  await users.open()
  const footer = app.getByText(/^Showing \d+ of \d+$/)
  const shown = async () => Number(/Showing (\d+)/.exec((await footer.textContent()) ?? '')?.[1])

  // The first page is loaded, but fewer rows are drawn; the table still says how many rows it has.
  await expect(footer).toHaveText(/^Showing 50 of/)
  const drawn = users.table.getByRole('row')
  await expect.poll(() => drawn.count()).toBeLessThan(51)
  expect(Number(await users.table.getAttribute('aria-rowcount'))).toBeGreaterThan(300)

  // Scrolling down asks for the next pages without a click on Load more.
  await expect
    .poll(async () => {
      await app.mouse.wheel(0, 2000)
      return shown()
    })
    .toBeGreaterThanOrEqual(150)
  const row = users.userRow('Agent 120')
  await row.scrollIntoViewIfNeeded()
  expect(Number(await row.getAttribute('aria-rowindex'))).toBeGreaterThan(100)
  // The rows scrolled far above are no longer drawn.
  await expect(users.userRow('Agent 001')).toHaveCount(0)

  // Open that user and come back: the list is where it was, with the same row in view.
  await users.openUser('Agent 120')
  await app.getByRole('link', { name: '← Users' }).click()
  await expect(users.userRow('Agent 120')).toBeInViewport()
  expect(await shown()).toBeGreaterThanOrEqual(150)
})

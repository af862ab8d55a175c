import type { Page, Route } from '@playwright/test'
import { expect, test } from '../fixtures'
import { UsersScreen } from '../pages/users.page'
import { OrganisationsScreen } from '../pages/organisations.page'
import { OPERATOR as operator, SetupScreen } from '../pages/setup.page'
import { seedHelpdesk } from '../support/store'

/**
 * Holds the console's next call to `procedure` until released, so that a fresh copy of a record
 * arrives after the operator has started editing it (what a slow machine or network does).
 */
async function holdNext(page: Page, procedure: string): Promise<{ release: () => Promise<void> }> {
  let held: (route: Route) => void
  const arrived = new Promise<Route>((resolve) => (held = resolve))
  await page.route(`**/rpc/${procedure}`, (route) => held(route), { times: 1 })
  return {
    release: async () => {
      const route = await arrived
      await route.continue()
    },
  }
}

test.beforeEach(({ host }) => {
  test.skip(host !== 'browser', 'holds an HTTP call of the browser shell; the Electron window talks over a MessagePort')
})

test('a fresh copy of the organisation arriving while the operator types does not reset the form', async ({ app }) => {
  await new SetupScreen(app).complete()
  const orgs = new OrganisationsScreen(app)
  await orgs.open()
  await orgs.openOrganisation(operator.orgName)
  await orgs.open()

  // Opened again: the copy already on screen is shown at once while a fresh one is fetched.
  const hold = await holdNext(app, 'organisations/get')
  await orgs.openOrganisation(operator.orgName)
  await expect(app.getByLabel('Refreshing organisation')).toBeVisible()
  await orgs.featuresField().fill('["crm","warp-drive"]')
  await hold.release()
  await expect(app.getByLabel('Refreshing organisation')).toHaveCount(0)
  await expect(orgs.featuresField()).toHaveValue('["crm","warp-drive"]')
  await expect(app.getByText(/Unknown feature code: warp-drive/)).toBeVisible()
})

test('a fresh copy of the user arriving while the admin edits does not undo their change', async ({ app, dataDir }) => {
  await new SetupScreen(app).complete()
  seedHelpdesk(dataDir, ['Grace Agent'], [])
  const users = new UsersScreen(app)
  await users.open()
  await users.openUser('Grace Agent')
  await users.open()

  const hold = await holdNext(app, 'users/get')
  await users.openUser('Grace Agent')
  await expect(app.getByLabel('Refreshing user')).toBeVisible()
  await app.getByRole('switch', { name: 'Active' }).uncheck()
  await hold.release()
  await expect(app.getByLabel('Refreshing user')).toHaveCount(0)
  await expect(app.getByRole('switch', { name: 'Active' })).not.toBeChecked()
  await app.getByRole('dialog', { name: 'Deactivate Grace Agent?' }).getByRole('button', { name: 'Deactivate' }).click()
  await expect(app.getByRole('status').filter({ hasText: 'Grace Agent is deactivated' }).first()).toBeVisible()
})

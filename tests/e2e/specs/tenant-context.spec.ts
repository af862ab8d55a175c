import { expect, test } from '../fixtures'
import { ConsoleScreen } from '../pages/console.page'
import { OrganisationsScreen, TenantSwitcher } from '../pages/organisations.page'
import { OPERATOR as operator, SetupScreen } from '../pages/setup.page'
import { TenantContext } from '../pages/tenant-context.page'
import { UserProfileScreen, UsersScreen } from '../pages/users.page'
import { expectAccessible } from '../support/axe'
import { seedOrganisations, seedUsersIn } from '../support/store'

test.beforeEach(async ({ app, dataDir }) => {
  await new SetupScreen(app).complete()
  seedOrganisations(dataDir, [
    { name: 'Fabrikam Ltd', slug: 'fabrikam' },
    { name: 'Contoso Dental', slug: 'contoso-dental' },
    { name: 'Adventure Works Demo', slug: 'adventure-works', isDemo: true },
  ])
})

test('the acting tenant is in the window title and in a banner of its own colour, the same colour on every return', async ({ app }) => {
  const switcher = new TenantSwitcher(app)
  const context = new TenantContext(app)

  // At home: the home tenant in the title, no banner.
  await expect(app).toHaveTitle(`${operator.orgName} — Switchboard`)
  await expect(context.banner).toHaveCount(0)

  await switcher.switchTo('Fabrikam Ltd')
  await expect(app).toHaveTitle('Fabrikam Ltd · not your home tenant — Switchboard')
  await expect(context.banner).toContainText('You are working in Fabrikam Ltd')
  await expect(context.banner).toContainText('(fabrikam)')
  const fabrikam = await context.bannerColour()
  expect(fabrikam.name).toBeTruthy()
  await expectAccessible(app, 'console in another tenant, with its banner')

  await switcher.switchTo('Contoso Dental')
  await expect(app).toHaveTitle('Contoso Dental · not your home tenant — Switchboard')
  await expect(context.banner).toContainText('You are working in Contoso Dental')

  await switcher.returnHome(operator.orgName)
  await expect(app).toHaveTitle(`${operator.orgName} — Switchboard`)

  // Back in Fabrikam: the very same colour as before.
  await switcher.switchTo('Fabrikam Ltd')
  await expect(context.banner).toContainText('You are working in Fabrikam Ltd')
  expect(await context.bannerColour()).toEqual(fabrikam)
})

test('outside the home tenant, deactivating a user and revoking an invitation ask for the tenant slug and refuse a wrong one', async ({
  app,
  dataDir,
}) => {
  test.slow()
  seedUsersIn(dataDir, 'fabrikam', ['Fiona Fabrikam'])
  const switcher = new TenantSwitcher(app)
  const context = new TenantContext(app)
  const users = new UsersScreen(app)
  const profile = new UserProfileScreen(app)

  await switcher.switchTo('Fabrikam Ltd')
  await users.open()
  await users.openUser('Fiona Fabrikam')
  // Switching Active off opens the deactivation dialog (what it touches, where tickets go), which
  // outside the home tenant also asks for the slug.
  await profile.active.click()
  const deactivate = profile.deactivation('Fiona Fabrikam')
  const confirm = deactivate.getByRole('button', { name: 'Deactivate' })
  const slug = context.slugField(deactivate)
  await expect(confirm).toBeDisabled()
  await slug.fill('fabrikan')
  await expect(deactivate).toContainText('That is not fabrikam')
  await expect(confirm).toBeDisabled()
  // Exactly the slug: not another case, not with a space.
  await slug.fill('Fabrikam')
  await expect(confirm).toBeDisabled()
  await slug.fill('fabrikam ')
  await expect(confirm).toBeDisabled()
  await expectAccessible(app, 'slug confirmation')
  // Cancel changes nothing; what was typed is forgotten.
  await deactivate.getByRole('button', { name: 'Cancel' }).click()
  await expect(deactivate).toBeHidden()
  await expect(profile.active).toBeChecked()
  await profile.active.click()
  await expect(slug).toHaveValue('')
  await slug.fill('fabrikam')
  await expect(confirm).toBeEnabled()
  await slug.press('Enter')
  await expect(deactivate.getByRole('status')).toContainText('Fiona Fabrikam is deactivated')
  await deactivate.getByRole('button', { name: 'Done' }).click()
  await expect(deactivate).toBeHidden()

  // Revoking an invitation of Fabrikam: the same question.
  await users.open()
  await users.invite('new.hire@fabrikam.test', 'AGENT')
  await expect(users.dialog.getByRole('status')).toContainText('Invitation sent')
  await users.dialog.getByRole('button', { name: 'Done' }).click()
  await users.openPendingInvitations()
  await users.invitationRow('new.hire@fabrikam.test').getByRole('button', { name: 'Revoke' }).click()
  const revoke = context.dialog('Revoke invitation?')
  await expect(revoke.getByRole('button', { name: 'Revoke invitation' })).toBeDisabled()
  await context.slugField(revoke).fill('contoso-dental')
  await expect(revoke.getByRole('button', { name: 'Revoke invitation' })).toBeDisabled()
  await context.slugField(revoke).fill('fabrikam')
  await revoke.getByRole('button', { name: 'Revoke invitation' }).click()
  await expect(users.invitationRow('new.hire@fabrikam.test')).toHaveCount(0)
})

test('at home the confirmations stay as they were: no slug to type', async ({ app }) => {
  const users = new UsersScreen(app)
  const context = new TenantContext(app)
  await users.open()
  await users.invite('someone@northwind.test', 'AGENT')
  await expect(users.dialog.getByRole('status')).toContainText('Invitation sent')
  await users.dialog.getByRole('button', { name: 'Done' }).click()
  await users.openPendingInvitations()
  await users.invitationRow('someone@northwind.test').getByRole('button', { name: 'Revoke' }).click()
  const revoke = context.dialog('Revoke invitation?')
  await expect(revoke.getByRole('button', { name: 'Revoke invitation' })).toBeEnabled()
  await expect(context.slugField(revoke)).toHaveCount(0)
  await revoke.getByRole('button', { name: 'Revoke invitation' }).click()
  await expect(users.invitationRow('someone@northwind.test')).toHaveCount(0)
})

test('a demo tenancy carries a Demo badge on every screen, named for screen readers', async ({ app }) => {
  const switcher = new TenantSwitcher(app)
  const context = new TenantContext(app)
  const shell = new ConsoleScreen(app)
  const users = new UsersScreen(app)

  await expect(context.demoBadge('Adventure Works Demo')).toHaveCount(0)
  await switcher.switchTo('Adventure Works Demo')
  await expect(shell.heading('Overview')).toBeVisible()
  await expect(context.demoBadge('Adventure Works Demo')).toBeVisible()
  await expect(context.demoBadge('Adventure Works Demo')).toHaveText('Demo')
  await expect(app).toHaveTitle('Adventure Works Demo (Demo) · not your home tenant — Switchboard')
  await users.open()
  await expect(context.demoBadge('Adventure Works Demo')).toBeVisible()
  await expectAccessible(app, 'demo tenancy, Users')

  await switcher.switchTo('Fabrikam Ltd')
  await expect(app.getByRole('note', { name: /^Demo tenancy/ })).toHaveCount(0)
})

test('a change of features of another organisation asks for its slug, from wherever the operator acts', async ({ app }) => {
  const switcher = new TenantSwitcher(app)
  const context = new TenantContext(app)
  const orgs = new OrganisationsScreen(app)

  await switcher.switchTo('Fabrikam Ltd')
  await orgs.open()
  await orgs.openOrganisation('Contoso Dental')
  await orgs.featuresField().fill('["helpdesk"]')
  await app.getByRole('button', { name: 'Save', exact: true }).click()

  const change = context.dialog('Change the features of Contoso Dental?')
  const confirm = change.getByRole('button', { name: 'Save features' })
  // The organisation changed, not the tenant acted in.
  await context.slugField(change).fill('fabrikam')
  await expect(confirm).toBeDisabled()
  await context.slugField(change).fill('contoso-dental')
  await confirm.click()
  await expect(change).toBeHidden()
  await expect(app.getByRole('status').filter({ hasText: 'Saved Contoso Dental.' })).toBeVisible()

  // From the home tenant too: the organisation changed is not the home tenant.
  await switcher.returnHome(operator.orgName)
  await orgs.open()
  await orgs.openOrganisation('Fabrikam Ltd')
  await orgs.featuresField().fill('["crm"]')
  await app.getByRole('button', { name: 'Save', exact: true }).click()
  const fromHome = context.dialog('Change the features of Fabrikam Ltd?')
  await context.slugField(fromHome).fill('fabrikam')
  await fromHome.getByRole('button', { name: 'Save features' }).click()
  await expect(app.getByRole('status').filter({ hasText: 'Saved Fabrikam Ltd.' })).toBeVisible()

  // The home tenant's own features: saved at once, as always.
  await orgs.open()
  await orgs.openOrganisation(operator.orgName)
  await orgs.featuresField().fill('["helpdesk","crm"]')
  await app.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(app.getByRole('status').filter({ hasText: `Saved ${operator.orgName}.` })).toBeVisible()
  await expect(app.getByRole('dialog')).toHaveCount(0)
})

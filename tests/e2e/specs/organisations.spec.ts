import { generateKeyPairSync } from 'node:crypto'
import { signLicence } from '../../../src/main/licence/licence-file'
import { expect, snapshot, test } from '../fixtures'
import { ConsoleScreen } from '../pages/console.page'
import { OrganisationsScreen, TenantSwitcher } from '../pages/organisations.page'
import { OPERATOR as operator, SetupScreen } from '../pages/setup.page'
import { expectAccessible } from '../support/axe'

test('multi-tenancy: organisations, feature overrides, demo tenancy and switching, as the guide words it', async ({ app, host }) => {
  // The whole guide, click by click, with an accessibility scan of each screen: more than the default minute.
  test.slow()
  await new SetupScreen(app).complete()
  const shell = new ConsoleScreen(app)
  const orgs = new OrganisationsScreen(app)
  const switcher = new TenantSwitcher(app)
  const nav = shell.sidebar

  // Creating a New Organisation: Admin → Organisations → + New Organisation → Name, Slug → Save.
  await orgs.open()
  await expect(orgs.table.getByRole('row').filter({ hasText: operator.orgName })).toContainText('Admin Tenant')
  await orgs.startNew('Contoso Ltd')
  await expect(orgs.slugField()).toHaveValue('contoso-ltd')
  await expectAccessible(app, 'new organisation dialog')
  await orgs.save()
  await expect(app.getByRole('heading', { name: 'Contoso Ltd', level: 1 })).toBeVisible()

  // A second Admin Tenant is refused in its field, naming the holder; a taken slug likewise.
  await orgs.open()
  await orgs.startNew('Other Ops', { adminTenant: true })
  await orgs.save()
  await expect(orgs.dialog.getByText('Northwind MSP is already the Admin Tenant')).toBeVisible()
  await orgs.dialog.getByRole('checkbox', { name: 'Admin Tenant' }).uncheck()
  await orgs.slugField().fill('contoso-ltd')
  await orgs.save()
  await expect(orgs.dialog.getByText('Taken by Contoso Ltd')).toBeVisible()
  await snapshot(app, host, 'organisation-form-errors')
  await orgs.dialog.getByRole('button', { name: 'Cancel' }).click()

  // Demo: filled with synthetic data, with progress.
  await orgs.startNew('Demo Co', { demo: true })
  await orgs.save()
  await expect(orgs.dialog.getByRole('progressbar', { name: 'Demo data progress' })).toBeVisible()
  await expect(orgs.dialog.getByText('Demo Co is filled with synthetic data.')).toBeVisible({ timeout: 30_000 })
  await orgs.dialog.getByRole('button', { name: 'Done' }).click()
  await expect(orgs.table.getByRole('row').filter({ hasText: 'Demo Co' })).toContainText('Demo')
  await snapshot(app, host, 'organisations-list')
  await expectAccessible(app, 'organisations')

  // Per-Tenant Feature Overrides: Features Enabled, with the effective set as you type.
  await orgs.openOrganisation('Contoso Ltd')
  await orgs.featuresField().fill('["crm","warp-drive"]')
  await expect(app.getByText(/Unknown feature code: warp-drive/)).toBeVisible()
  await orgs.featuresField().fill('["crm","rmm"]')
  await expect(orgs.effectiveFeatures()).toContainText('CRM')
  await expect(orgs.effectiveFeatures()).toContainText('RMM')
  await expect(orgs.effectiveFeatures()).not.toContainText('Helpdesk')
  await app.getByRole('button', { name: 'Save' }).click()
  // Another organisation's features: its slug is asked first (tenant-context.spec has the details).
  const confirm = app.getByRole('dialog', { name: 'Change the features of Contoso Ltd?' })
  await confirm.getByRole('textbox', { name: 'Type contoso-ltd to confirm' }).fill('contoso-ltd')
  await confirm.getByRole('button', { name: 'Save features' }).click()
  await expect(app.getByRole('status').filter({ hasText: 'Saved Contoso Ltd.' })).toBeVisible()
  await snapshot(app, host, 'organisation-features')
  await expectAccessible(app, 'organisation')

  // Switching Tenants: the switcher at the bottom of the sidebar; the banner shows where you are.
  await expect(nav.getByRole('link', { name: 'Tickets' })).toBeVisible()
  await expect(nav.getByRole('link', { name: 'Teams' })).toBeVisible()
  await switcher.switchTo('Contoso Ltd')
  await expect(switcher.banner).toContainText('You are working in Contoso Ltd')
  await expect(nav.getByRole('link', { name: 'Tickets' })).toHaveCount(0)
  await expect(nav.getByRole('link', { name: 'Teams' })).toHaveCount(0)
  await expect(nav.getByRole('link', { name: 'Users' })).toBeVisible()
  await snapshot(app, host, 'tenant-banner')
  await expectAccessible(app, 'tenant banner')
  // Tickets exists, but not for an organisation without the helpdesk feature: it says so, unlike a wrong address.
  await shell.goToHash('#/helpdesk/tickets')
  await expect(shell.heading('No access')).toBeVisible()
  await expect(app.getByRole('table', { name: 'Tickets' })).toHaveCount(0)
  await expectAccessible(app, 'no access')
  await switcher.returnHome('Northwind MSP')
  await expect(switcher.banner).toHaveCount(0)
  await expect(nav.getByRole('link', { name: 'Tickets' })).toBeVisible()

  // In the demo tenancy: its synthetic users and tickets, with your own role.
  await switcher.switchTo('Demo Co')
  await expect(switcher.banner).toContainText('You are working in Demo Co')
  await nav.getByRole('link', { name: 'Tickets' }).click()
  await expect(app.getByRole('table', { name: 'Tickets' }).getByRole('row')).toHaveCount(81)
  await expectAccessible(app, 'tickets')
  await nav.getByRole('link', { name: 'Users' }).click()
  await expect(app.getByText(/Showing \d+ of 24/)).toBeVisible()
  // Its pending and expired invitations.
  await app.getByRole('tab', { name: 'Pending Invitations' }).click()
  const invitationRows = app.getByRole('table', { name: 'Pending invitations' }).getByRole('row')
  await expect(invitationRows).toHaveCount(3)
  await expect(invitationRows.filter({ hasText: '.expired@demo-co.demo.invalid' })).toContainText('Expired')
  await expect(invitationRows.filter({ hasText: '.pending@demo-co.demo.invalid' })).not.toContainText('Expired')
  await nav.getByRole('link', { name: 'Teams' }).click()
  const demoTeams = app.getByRole('table', { name: 'Teams' })
  for (const name of ['Service Desk', 'Projects', 'Escalations'])
    await expect(demoTeams.getByRole('row').filter({ hasText: name })).toBeVisible()
  await expect(shell.user).toContainText('SUPER ADMIN')

  await switcher.returnHome('Northwind MSP')

  // Admin → Licence: evaluation until a licence is installed; one the vendor did not sign is refused.
  await nav.getByRole('link', { name: 'Licence' }).click()
  await expect(app.getByText('Evaluation', { exact: true })).toBeVisible()
  await expectAccessible(app, 'licence')
  const { privateKey } = generateKeyPairSync('ed25519')
  const forged = signLicence(
    { licensee: 'Northwind MSP', features: ['helpdesk'], issuedAt: '2026-01-01T00:00:00.000Z', expiresAt: '2099-01-01T00:00:00.000Z' },
    privateKey,
  )
  const chooser = app.waitForEvent('filechooser')
  await app.getByRole('button', { name: 'Choose file…' }).click()
  await (await chooser).setFiles({ name: 'northwind.lic', mimeType: 'application/json', buffer: Buffer.from(forged) })
  await expect(app.getByRole('textbox', { name: 'Licence file contents' })).toHaveValue(forged)
  await app.getByRole('button', { name: 'Install licence' }).click()
  await expect(app.getByText(/signature does not match/)).toBeVisible()
  await expect(app.getByText('Evaluation', { exact: true })).toBeVisible()
})

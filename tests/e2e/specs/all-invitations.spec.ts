import { expect, snapshot, test } from '../fixtures'
import { AllInvitationsScreen } from '../pages/all-invitations.page'
import { ConsoleScreen } from '../pages/console.page'
import { SetupScreen } from '../pages/setup.page'
import { UsersScreen } from '../pages/users.page'
import { expectAccessible } from '../support/axe'
import { seedInvitationsIn, seedOrganisations } from '../support/store'

/** Fabrikam Ltd and Contoso Dental, with these invitations sent the given days ago. */
function seedQueue(dataDir: string, invitations: Record<'fabrikam' | 'contoso-dental', { email: string; daysAgo: number }[]>) {
  seedOrganisations(dataDir, [
    { name: 'Fabrikam Ltd', slug: 'fabrikam' },
    { name: 'Contoso Dental', slug: 'contoso-dental' },
  ])
  for (const [slug, list] of Object.entries(invitations)) seedInvitationsIn(dataDir, slug, list)
}

test('All Invitations: one queue across tenants, bulk Resend of two tenants’ invitations, with its summary', async ({
  app,
  host,
  dataDir,
  mail,
}) => {
  test.slow()
  await new SetupScreen(app).complete()
  seedQueue(dataDir, {
    fabrikam: [
      { email: 'fiona@fabrikam.test', daysAgo: 6 },
      { email: 'felix@fabrikam.test', daysAgo: 1 },
    ],
    'contoso-dental': [
      { email: 'carla@contoso.test', daysAgo: 9 },
      { email: 'cody@contoso.test', daysAgo: 3 },
    ],
  })
  const queue = new AllInvitationsScreen(app)

  // Admin → All Invitations: every tenant's, soonest to expire first (the expired one leads).
  await queue.open()
  await expect(queue.table.getByRole('row')).toHaveCount(5)
  expect(await queue.emails()).toEqual(['carla@contoso.test', 'fiona@fabrikam.test', 'cody@contoso.test', 'felix@fabrikam.test'])
  await expect(queue.table.getByRole('row').filter({ hasText: 'carla@contoso.test' })).toContainText('Expired')
  await expect(queue.table.getByRole('row').filter({ hasText: 'fiona@fabrikam.test' })).toContainText('Fabrikam Ltd')
  await expectAccessible(app, 'all invitations')

  // Filters: Expired only, then back; one organisation.
  await app.getByRole('combobox', { name: 'Status' }).click()
  await app.getByRole('option', { name: 'Expired', exact: true }).click()
  await expect(queue.table.getByRole('row')).toHaveCount(2)
  expect(await queue.emails()).toEqual(['carla@contoso.test'])
  await app.getByRole('combobox', { name: 'Status' }).click()
  await app.getByRole('option', { name: 'Pending and expired' }).click()
  await queue.filterOrganisation('Fabrikam Ltd')
  await expect(queue.table.getByRole('row')).toHaveCount(3)
  expect(await queue.emails()).toEqual(['fiona@fabrikam.test', 'felix@fabrikam.test'])
  await queue.filterOrganisation('All organisations')
  await expect(queue.table.getByRole('row')).toHaveCount(5)

  // Select one of each tenant's (the expired Contoso one, a Fabrikam one), Resend, confirm.
  await queue.select('carla@contoso.test')
  await queue.select('fiona@fabrikam.test')
  await app.getByRole('button', { name: 'Resend (2)' }).click()
  await expect(queue.confirm).toContainText('2 invitation(s) will be emailed again')
  // Two tenants other than the home one: type how many, the dialog names them.
  const resend = queue.confirm.getByRole('button', { name: 'Resend invitations' })
  await expect(queue.confirm).toContainText('This changes 2 organisations other than your home tenant: Contoso Dental, Fabrikam Ltd.')
  await expect(resend).toBeDisabled()
  await queue.slugField.fill('fabrikam')
  await expect(queue.confirm).toContainText('That is not 2')
  await expect(resend).toBeDisabled()
  await queue.slugField.fill('2')
  await expectAccessible(app, 'all invitations, resend confirmation')
  await resend.click()
  await expect(queue.summary).toContainText('Resent: 2 done, 0 failed.')
  // Each got a new 7-day link: no longer expired, now last in expiry order.
  await expect(queue.table.getByRole('row').filter({ hasText: 'carla@contoso.test' })).not.toContainText('Expired')
  expect(await queue.emails()).toEqual(['cody@contoso.test', 'felix@fabrikam.test', 'carla@contoso.test', 'fiona@fabrikam.test'])
  expect(mail.linkIn("You're invited", 0)).toContain('#/register/')
  expect(mail.linkIn("You're invited", 1)).toContain('#/register/')
  await snapshot(app, host, 'all-invitations-resent')
  await expectAccessible(app, 'all invitations, summary')
})

test('All Invitations: revoking invitations of one other tenant asks for its slug; of the home tenant only, nothing more', async ({
  app,
  dataDir,
}) => {
  test.slow()
  await new SetupScreen(app).complete()
  seedOrganisations(dataDir, [{ name: 'Fabrikam Ltd', slug: 'fabrikam' }])
  seedInvitationsIn(dataDir, 'fabrikam', [
    { email: 'fiona@fabrikam.test', daysAgo: 6 },
    { email: 'felix@fabrikam.test', daysAgo: 1 },
  ])
  const queue = new AllInvitationsScreen(app)
  const users = new UsersScreen(app)
  await users.open()
  await users.inviteAndClose('new.hire@northwind.test', 'AGENT')

  await queue.open()
  await queue.select('fiona@fabrikam.test')
  await queue.select('felix@fabrikam.test')
  await queue.select('new.hire@northwind.test')
  await app.getByRole('button', { name: 'Revoke (3)' }).click()
  const revoke = queue.confirm.getByRole('button', { name: 'Revoke invitations' })
  await expect(queue.confirm).toContainText('This changes Fabrikam Ltd, not your home tenant.')
  await expectAccessible(app, 'all invitations, revoke confirmation with a slug')
  await queue.slugField.fill('2')
  await expect(revoke).toBeDisabled()
  await queue.slugField.fill('fabrikam')
  await revoke.click()
  await expect(queue.summary).toContainText('Revoked: 3 done, 0 failed.')
  await expect(queue.table).toHaveCount(0)
  await expect(app.getByText('No invitations match these filters.')).toBeVisible()
  await expectAccessible(app, 'all invitations, empty')

  // Only the home tenant's rows: the plain confirmation.
  await users.open()
  await users.inviteAndClose('second.hire@northwind.test', 'AGENT')
  await queue.open()
  await queue.select('second.hire@northwind.test')
  await app.getByRole('button', { name: 'Revoke (1)' }).click()
  await expect(queue.slugField).toHaveCount(0)
  await queue.confirm.getByRole('button', { name: 'Revoke invitations' }).click()
  await expect(queue.summary).toContainText('Revoked: 1 done, 0 failed.')
})

test('All Invitations keeps its filters in the address: back, forward and a reload; a bad value is the default', async ({
  app,
  dataDir,
}) => {
  test.slow()
  await new SetupScreen(app).complete()
  seedQueue(dataDir, {
    fabrikam: [
      { email: 'fiona@fabrikam.test', daysAgo: 6 },
      { email: 'felix@fabrikam.test', daysAgo: 1 },
      { email: 'fred@fabrikam.test', daysAgo: 9 },
    ],
    'contoso-dental': [{ email: 'cody@contoso.test', daysAgo: 4 }],
  })
  const queue = new AllInvitationsScreen(app)
  const shell = new ConsoleScreen(app)

  await queue.open()
  await expect(queue.table.getByRole('row')).toHaveCount(5)
  await queue.filterOrganisation('Fabrikam Ltd')
  await queue.choose('Status', 'Pending')
  await queue.choose('Age', 'Sent over 3 days ago')
  const filtered = ['fiona@fabrikam.test']
  await expect.poll(() => queue.emails()).toEqual(filtered)
  const kept = async () => {
    await expect(queue.filter('Organisation')).toHaveValue('Fabrikam Ltd (fabrikam)')
    await expect(queue.filter('Status')).toHaveValue('Pending')
    await expect(queue.filter('Age')).toHaveValue('Sent over 3 days ago')
    await expect.poll(() => queue.emails()).toEqual(filtered)
  }
  await app.reload()
  await kept()
  await shell.sidebar.getByRole('link', { name: 'Users' }).click()
  await expect(shell.heading('Users')).toBeVisible()
  await app.goBack()
  await kept()
  await app.goForward()
  await expect(shell.heading('Users')).toBeVisible()
  await app.goBack()
  await kept()

  // A hand-edited address: what is not a filter value falls back to its default, the rest stays.
  await shell.goToHash('#/admin/invitations?tenantId=%22fabrikam%22&status=%22lost%22&minAgeDays=400&role=%22AGENT%22')
  await expect(queue.filter('Status')).toHaveValue('Pending and expired')
  await expect(queue.filter('Age')).toHaveValue('Any age')
  await expect(queue.filter('Organisation')).toHaveValue('All organisations')
  await expect(queue.filter('Role')).toHaveValue('AGENT')
  await expect.poll(() => queue.emails()).toEqual(['fred@fabrikam.test', 'fiona@fabrikam.test', 'cody@contoso.test', 'felix@fabrikam.test'])
})

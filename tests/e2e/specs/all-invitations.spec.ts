import { expect, snapshot, test } from '../fixtures'
import { AllInvitationsScreen } from '../pages/all-invitations.page'
import { SetupScreen } from '../pages/setup.page'
import { expectAccessible } from '../support/axe'
import { seedInvitationsIn, seedOrganisations } from '../support/store'

test('All Invitations: one queue across tenants, bulk Resend of two tenants’ invitations, with its summary', async ({
  app,
  host,
  dataDir,
  mail,
}) => {
  test.slow()
  await new SetupScreen(app).complete()
  seedOrganisations(dataDir, [
    { name: 'Fabrikam Ltd', slug: 'fabrikam' },
    { name: 'Contoso Dental', slug: 'contoso-dental' },
  ])
  seedInvitationsIn(dataDir, 'fabrikam', [
    { email: 'fiona@fabrikam.test', daysAgo: 6 },
    { email: 'felix@fabrikam.test', daysAgo: 1 },
  ])
  seedInvitationsIn(dataDir, 'contoso-dental', [
    { email: 'carla@contoso.test', daysAgo: 9 },
    { email: 'cody@contoso.test', daysAgo: 3 },
  ])
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
  await expectAccessible(app, 'all invitations, resend confirmation')
  await queue.confirm.getByRole('button', { name: 'Resend invitations' }).click()
  await expect(queue.summary).toContainText('Resent: 2 done, 0 failed.')
  // Each got a new 7-day link: no longer expired, now last in expiry order.
  await expect(queue.table.getByRole('row').filter({ hasText: 'carla@contoso.test' })).not.toContainText('Expired')
  expect(await queue.emails()).toEqual(['cody@contoso.test', 'felix@fabrikam.test', 'carla@contoso.test', 'fiona@fabrikam.test'])
  expect(mail.linkIn("You're invited", 0)).toContain('#/register/')
  expect(mail.linkIn("You're invited", 1)).toContain('#/register/')
  await snapshot(app, host, 'all-invitations-resent')
  await expectAccessible(app, 'all invitations, summary')
})

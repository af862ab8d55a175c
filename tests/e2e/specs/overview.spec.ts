import { expect, snapshot, test } from '../fixtures'
import { OverviewScreen } from '../pages/overview.page'
import { SetupScreen } from '../pages/setup.page'
import { TenantContext } from '../pages/tenant-context.page'
import { expectAccessible } from '../support/axe'
import { seedInvitationsIn, seedOrganisations, seedUsersIn } from '../support/store'

test('Overview: the figures across tenants, the charts with their tables, and switching to a busy tenant', async ({
  app,
  host,
  dataDir,
}) => {
  test.slow()
  await new SetupScreen(app).complete()
  seedOrganisations(dataDir, [
    { name: 'Fabrikam Ltd', slug: 'fabrikam' },
    { name: 'Contoso Dental', slug: 'contoso-dental' },
  ])
  seedUsersIn(dataDir, 'fabrikam', ['Fiona Field', 'Felix Ford', 'Fay Frost'])
  seedUsersIn(dataDir, 'contoso-dental', ['Carla Cole'])
  seedInvitationsIn(dataDir, 'contoso-dental', [
    { email: 'cody@contoso.test', daysAgo: 9 },
    { email: 'cleo@contoso.test', daysAgo: 3 },
    { email: 'cyd@contoso.test', daysAgo: 2 },
  ])
  seedInvitationsIn(dataDir, 'fabrikam', [
    { email: 'fred@fabrikam.test', daysAgo: 6 },
    { email: 'flo@fabrikam.test', daysAgo: 1 },
  ])
  const overview = new OverviewScreen(app)
  // The rows came in behind the console's back: read afresh.
  await app.reload()
  await overview.open()

  // The figures: every organisation's users and invitations (the operator's own one included).
  await expect(overview.figure('Users')).toContainText('5')
  await expect(overview.figure('Open invitations')).toContainText('5')
  // Fred's link stops working in a day: within 48 hours.
  await expect(overview.figure('Expiring soon')).toContainText('1')

  // The chart of invitations over time, and its table beside it: 14 days, one row each.
  await expect(overview.invitationsChart.locator('svg')).toBeVisible()
  await expect(overview.invitationsByDay.locator('tbody tr')).toHaveCount(14)
  const days = await overview.rows(overview.invitationsByDay)
  expect(days.reduce((sum, [, n]) => sum + Number(n), 0)).toBe(5)
  // Users per organisation, most first.
  expect((await overview.rows(overview.usersByTenant))[0]).toEqual(['Fabrikam Ltd', '3'])
  // The organisations with the most open invitations: Contoso (3, one expired), then Fabrikam.
  expect(await overview.rows(overview.topInvitations)).toEqual([
    ['Contoso Dental', '3', '2', '0'],
    ['Fabrikam Ltd', '2', '2', '1'],
  ])
  expect((await overview.rows(overview.expiringNext))[0]).toEqual(['fred@fabrikam.test', 'AGENT', 'Fabrikam Ltd', expect.any(String)])
  await expect(overview.recentAudit.locator('tbody tr').first()).toBeVisible()
  await snapshot(app, host, 'overview')
  await expectAccessible(app, 'overview')

  // A busy organisation is a click away: the tenant switcher's own switch, back on the Overview.
  await overview.topInvitations.getByRole('button', { name: 'Switch to Contoso Dental (contoso-dental)' }).click()
  await expect(new TenantContext(app).banner).toContainText('Contoso Dental')
  await expect(app.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible()
  await expect(overview.topInvitations.getByRole('button', { name: /^Switch to Contoso Dental/ })).toHaveCount(0)
  await expect(overview.figure('Users')).toContainText('5')
  await expectAccessible(app, 'overview, switched into a tenant')
})

import type { Page } from '@playwright/test'
import { expect, test } from '../fixtures'
import { SetupScreen } from '../pages/setup.page'
import { TeamsScreen, TicketsScreen } from '../pages/teams.page'
import { UserProfileScreen, UsersScreen } from '../pages/users.page'
import { seedHelpdesk } from '../support/store'
import { expectAccessible } from '../support/axe'

/** Admin → Users → the user → Active off: the deactivation dialog and its impact list. */
async function startDeactivating(app: Page, name: string) {
  const users = new UsersScreen(app)
  await users.open()
  await users.openUser(name)
  const profile = new UserProfileScreen(app)
  await profile.active.click()
  const dialog = profile.deactivation(name)
  return { profile, dialog, impact: dialog.getByRole('list', { name: 'What deactivation touches' }) }
}

test('deactivation with handover: the impact first, then the open ticket moves to another active user', async ({ app, dataDir }) => {
  test.slow()
  await new SetupScreen(app).complete()
  seedHelpdesk(dataDir, ['Nia Agent', 'Max Manager'], ['VPN drops every hour'])
  await app.reload()
  const tickets = new TicketsScreen(app)
  await tickets.open()
  await tickets.choose('Assignee of ticket 100', 'Nia Agent')
  await expect(tickets.chosen('Assignee of ticket 100')).toHaveText('Nia Agent')

  // Admin → Users → Nia Agent → Active off: what it touches, and where the open ticket goes.
  const { profile, dialog, impact } = await startDeactivating(app, 'Nia Agent')
  await expect(impact).toContainText('1 open ticket assigned: #100 VPN drops every hour')
  await expect(impact).toContainText('In no team')
  await expect(dialog.getByRole('radio', { name: 'The team queue (unassigned, team kept)' })).toBeChecked()
  await dialog.getByRole('radio', { name: 'Another active user' }).check()
  await dialog.getByRole('combobox', { name: 'Assignee' }).click()
  await app.getByRole('option', { name: 'Max Manager (max.manager@northwind.test)' }).click()
  await expectAccessible(app, 'deactivation dialog')

  // Cancel leaves Nia active; switching off again and confirming moves the ticket.
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(profile.active).toBeChecked()
  await profile.active.focus()
  await app.keyboard.press('Space')
  await dialog.getByRole('radio', { name: 'Another active user' }).check()
  await dialog.getByRole('combobox', { name: 'Assignee' }).click()
  await app.getByRole('option', { name: 'Max Manager (max.manager@northwind.test)' }).click()
  await dialog.getByRole('button', { name: 'Deactivate' }).click()
  await expect(dialog.getByRole('status')).toContainText('Nia Agent is deactivated. 1 open ticket moved to Max Manager.')
  await expectAccessible(app, 'deactivation summary')
  await dialog.getByRole('button', { name: 'Done' }).click()
  await expect(app.getByText('Deactivated', { exact: true })).toBeVisible()

  await tickets.open()
  await expect(tickets.chosen('Assignee of ticket 100')).toHaveText('Max Manager')
})

test('deactivating a team MANAGER: the impact says the team would have none, and another member is appointed in the same step', async ({
  app,
  dataDir,
}) => {
  test.slow()
  await new SetupScreen(app).complete()
  seedHelpdesk(dataDir, ['Nia Agent', 'Max Manager'], [])
  await app.reload()
  const teams = new TeamsScreen(app)
  await teams.open()
  await teams.create('Network', 'Routers and VPNs')
  await teams.addMember('Nia Agent', 'MANAGER')
  await teams.addMember('Max Manager', 'MEMBER')

  const { dialog, impact } = await startDeactivating(app, 'Nia Agent')
  await expect(impact).toContainText('1 team: Network (MANAGER)')
  await expect(impact).toContainText('Network will have no MANAGER')
  const successor = dialog.getByRole('combobox', { name: 'New MANAGER of Network' })
  await expect(dialog.getByText('Optional. Left empty, Network will have no MANAGER.')).toBeVisible()
  await successor.click()
  await app.getByRole('option', { name: 'Max Manager', exact: true }).click()
  await expect(successor).toHaveValue('Max Manager')
  await expectAccessible(app, 'deactivation dialog with a MANAGER to appoint')
  await dialog.getByRole('button', { name: 'Deactivate' }).click()
  await expect(dialog.getByRole('status')).toContainText('Nia Agent is deactivated. Max Manager is now MANAGER of Network.')
  await dialog.getByRole('button', { name: 'Done' }).click()

  await teams.open()
  await app.getByRole('link', { name: 'Network' }).click()
  await expect(teams.members.getByRole('combobox', { name: 'Team role of Max Manager' })).toHaveValue('MANAGER')
})

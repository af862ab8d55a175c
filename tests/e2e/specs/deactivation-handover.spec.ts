import { expect, test } from '../fixtures'
import { SetupScreen } from '../pages/setup.page'
import { TicketsScreen } from '../pages/teams.page'
import { UserProfileScreen, UsersScreen } from '../pages/users.page'
import { seedHelpdesk } from '../support/store'
import { expectAccessible } from '../support/axe'

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
  const users = new UsersScreen(app)
  await users.open()
  await users.openUser('Nia Agent')
  const profile = new UserProfileScreen(app)
  await profile.active.click()
  const dialog = profile.deactivation('Nia Agent')
  const impact = dialog.getByRole('list', { name: 'What deactivation touches' })
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

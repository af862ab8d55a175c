import { expect, snapshot, test } from '../fixtures'
import { ConsoleScreen } from '../pages/console.page'
import { SetupScreen } from '../pages/setup.page'
import { dropdownOptions, TeamsScreen, TicketsScreen } from '../pages/teams.page'
import { UserProfileScreen, UsersScreen } from '../pages/users.page'
import { seedHelpdesk } from '../support/store'
import { expectAccessible } from '../support/axe'

test('teams: members, MANAGER role, signature preview, routing and assignee lists', async ({ app, host, dataDir }) => {
  // A long walk through three screens: it took 59 s of the default 60 s on a loaded 2-core machine.
  test.slow()
  await new SetupScreen(app).complete()
  seedHelpdesk(dataDir, ['Nia Agent', 'Max Manager', 'Sol Outsider'], ['VPN drops every hour'])
  await app.reload()
  const shell = new ConsoleScreen(app)
  const teams = new TeamsScreen(app)
  const tickets = new TicketsScreen(app)

  // Admin → Helpdesk → Teams → + New Team; add members with MEMBER or MANAGER roles.
  await teams.open()
  await app.getByRole('button', { name: '+ New Team' }).click()
  await expectAccessible(app, 'new team dialog')
  await app.getByRole('dialog', { name: 'New Team' }).getByRole('button', { name: 'Cancel' }).click()
  await teams.create('Service Desk', 'First-line support')
  await teams.addMember('Nia Agent', 'MEMBER')
  await teams.addMember('Max Manager', 'MANAGER')
  await expect(teams.members.getByRole('row').filter({ hasText: 'Max Manager' }).getByRole('combobox')).toHaveValue('MANAGER')

  // Optionally create a Team Signature: unknown placeholders are refused, the preview uses a real member.
  await teams.signature.fill('-- \n{{agent.name}} ({{agent.phone}})')
  await expect(app.getByText('Unknown placeholder: {{agent.phone}}.', { exact: false })).toBeVisible()
  await expect(app.getByRole('button', { name: 'Save signature' })).toBeDisabled()
  await teams.signature.fill('-- \n{{agent.name}} <{{agent.email}}>\n{{team.name}} · {{organisation.name}}')
  await expect(teams.preview).toContainText('Max Manager <max.manager@northwind.test>')
  await expect(teams.preview).toContainText('Service Desk · Northwind MSP')
  await app.getByRole('button', { name: 'Save signature' }).click()
  await expect(app.getByText('Signature saved.')).toBeVisible()
  await snapshot(app, host, 'team-page')
  await expectAccessible(app, 'team')

  await teams.open()
  await expect(app.getByRole('table', { name: 'Teams' }).getByRole('row').filter({ hasText: 'Service Desk' })).toContainText('Max Manager')
  await expectAccessible(app, 'teams')

  // Route the ticket to the team: the assignee dropdown offers only its active members.
  await tickets.open()
  await tickets.choose('Team of ticket 100', 'Service Desk')
  await expect(tickets.chosen('Team of ticket 100')).toHaveText('Service Desk')
  await expect.poll(() => tickets.options('Assignee of ticket 100')).toEqual(['Unassigned', 'Max Manager', 'Nia Agent'])
  await tickets.choose('Assignee of ticket 100', 'Nia Agent')
  await expect(tickets.chosen('Assignee of ticket 100')).toHaveText('Nia Agent')
  await snapshot(app, host, 'tickets-routed')
  await expectAccessible(app, 'tickets')

  // Deactivate a member: they vanish from the assignee dropdown, and stay listed on the team, marked.
  const users = new UsersScreen(app)
  await users.open()
  await users.openUser('Max Manager')
  const profile = new UserProfileScreen(app)
  await profile.deactivate('Max Manager')
  await expect(profile.notice).toContainText('is deactivated')
  await tickets.open()
  await expect.poll(() => tickets.options('Assignee of ticket 100')).toEqual(['Unassigned', 'Nia Agent'])
  await teams.open()
  await app.getByRole('link', { name: 'Service Desk' }).click()
  await expect(teams.members.getByRole('row').filter({ hasText: 'Max Manager' })).toContainText('Deactivated')
  // The add-member picker offers active users only.
  const offered = await dropdownOptions(app, 'Add member')
  expect(offered.some((o) => o.startsWith('Sol Outsider'))).toBe(true)
  expect(offered.some((o) => o.startsWith('Max Manager'))).toBe(false)
  // Remove a member, after confirming: they leave the team and its assignee list.
  await teams.removeMember('Nia Agent')
  await expect(teams.members.getByRole('row').filter({ hasText: 'Nia Agent' })).toHaveCount(0)
  await tickets.open()
  // She stays the ticket's assignee until it is reassigned, marked as outside the team.
  await expect.poll(() => tickets.options('Assignee of ticket 100')).toEqual(['Unassigned', 'Nia Agent (not in this team)'])
  await expect(shell.sidebar).toBeVisible()
})

import { expect, snapshot, test } from '../fixtures'
import { ConsoleScreen } from '../pages/console.page'
import { RegisterScreen, ResetPasswordScreen } from '../pages/links.page'
import { OPERATOR as operator, SetupScreen } from '../pages/setup.page'
import { SignInScreen } from '../pages/sign-in.page'
import { OutboxScreen, UserProfileScreen, UsersScreen } from '../pages/users.page'
import { seedInvitationsIn, seedWorkFor } from '../support/store'
import { expectAccessible } from '../support/axe'

const invitee = { email: 'nia.agent@northwind.test', name: 'Nia Agent', password: 'nia has a long password' }

test('user management, click by click as the admin guide words it', async ({ app, host, dataDir, mail }) => {
  // The whole guide, click by click, with an accessibility scan of each screen: more than the default minute.
  test.slow()
  await new SetupScreen(app).complete()
  const shell = new ConsoleScreen(app)
  const users = new UsersScreen(app)
  const signIn = new SignInScreen(app)
  const outbox = new OutboxScreen(app)

  // Inviting a New User: Admin → Users → + Invite User → email, role → Send Invitation.
  await users.open()
  await users.invite(invitee.email, 'AGENT')
  await expect(users.dialog.getByRole('status')).toContainText('Invitation sent')
  await expect(users.dialog.getByRole('status')).toContainText('valid for 7 days')
  await expectAccessible(app, 'invite user dialog')
  await users.dialog.getByRole('button', { name: 'Done' }).click()

  // Inviting the same email again is refused, with Resend offered.
  await users.invite(invitee.email.toUpperCase(), 'AGENT')
  await expect(users.dialog.getByText('Already invited — use Resend')).toBeVisible()
  await expect(users.dialog.getByRole('button', { name: 'Resend invitation' })).toBeVisible()
  await users.dialog.getByRole('button', { name: 'Cancel' }).click()

  // Resending an Invitation: Admin → Users → Pending Invitations → Resend.
  await users.openPendingInvitations()
  const row = users.invitationRow(invitee.email)
  await expect(row).toContainText('AGENT')
  await expect(row).toContainText(operator.name)
  await row.getByRole('button', { name: 'Resend' }).click()
  await expect(app.getByRole('status').filter({ hasText: 'Invitation resent' })).toBeVisible()
  await snapshot(app, host, 'users-pending-invitations')
  await expectAccessible(app, 'pending invitations')

  // The first email's link died with the Resend; the second one registers the invitee.
  // With SMTP configured, nothing of a real tenant's mail stays in the Outbox: it is empty here.
  await outbox.open()
  await expect(app.getByText('The Outbox is empty.')).toBeVisible()
  await expectAccessible(app, 'outbox')
  const newest = mail.linkIn("You're invited", 0)
  const oldest = mail.linkIn("You're invited", 1)
  expect(newest).not.toBe(oldest)
  await app.goto(oldest)
  const register = new RegisterScreen(app)
  await expect(register.problem).toContainText('no longer valid')
  await expectAccessible(app, 'link problem')
  await app.goto(newest)
  await expect(register.heading).toBeVisible()
  await expect(app.getByText('You were invited to Northwind MSP as AGENT.')).toBeVisible()
  await expectAccessible(app, 'register')
  await register.register(invitee.name, invitee.password)
  await expect(shell.user).toContainText(invitee.name)
  await expect(shell.user).toContainText('AGENT')
  // The link works once.
  await app.goto(newest)
  await expect(register.problem).toContainText('already been used')
  await app.goto(newest.replace(/#.*/, '#/'))
  await shell.signOut.click()

  seedWorkFor(dataDir, invitee.email)

  // Revoking an invitation: Pending Invitations → Revoke → confirm; its link dies.
  await signIn.signIn(operator.email, operator.password)
  await users.open()
  await users.invite('sol.readonly@northwind.test', 'READ ONLY')
  await users.dialog.getByRole('button', { name: 'Done' }).click()
  await users.openPendingInvitations()
  await expect(users.invitationRow('sol.readonly@northwind.test')).toContainText('READ ONLY')
  await users.revoke('sol.readonly@northwind.test')
  await expect(app.getByText('Invitation for sol.readonly@northwind.test revoked')).toBeVisible()
  await expect(users.invitationRow('sol.readonly@northwind.test')).toHaveCount(0)
  const revokedLink = mail.linkIn("You're invited", 0)
  await app.goto(revokedLink)
  await expect(register.problem).toContainText('no longer valid')
  await app.goto(revokedLink.replace(/#.*/, '#/'))

  // The list: search narrows it as you type.
  await users.open()
  await users.search.fill('NIA.agent')
  await expect(users.table.getByRole('row')).toHaveCount(2)
  await expect(users.userRow(invitee.name)).toBeVisible()
  await users.search.fill('')
  await expect(users.userRow(operator.name)).toBeVisible()

  // Editing a User's Role: Admin → Users → click the name → Role → Save.
  await expect(users.userRow(invitee.name)).toContainText('Active')
  await snapshot(app, host, 'users-list')
  await expectAccessible(app, 'users')
  await users.openUser(invitee.name)
  const profile = new UserProfileScreen(app)
  await profile.changeRole('ADMIN')
  await profile.save.click()
  await expect(profile.notice).toContainText('with role ADMIN')

  // Deactivating a User: toggle Active off → what it touches → Deactivate. History stays.
  await profile.active.click()
  await expect(profile.deactivation(invitee.name)).toContainText('1 open ticket assigned: #1 VPN drops every hour')
  await profile.deactivation(invitee.name).getByRole('radio', { name: 'Nobody: they stay assigned to them' }).check()
  await profile.deactivation(invitee.name).getByRole('button', { name: 'Deactivate' }).click()
  await profile.deactivation(invitee.name).getByRole('button', { name: 'Done' }).click()
  await expect(profile.notice).toContainText('is deactivated')
  await expect(app.getByRole('table', { name: 'Tickets' })).toContainText('VPN drops every hour')
  await expect(app.getByLabel('Comments')).toContainText('Replaced the router firmware')
  await expect(app.getByRole('table', { name: 'Time entries' })).toContainText('90 min')
  await snapshot(app, host, 'user-page')
  await expectAccessible(app, 'user profile')
  await shell.signOut.click()
  await signIn.signIn(invitee.email, invitee.password)
  await expect(signIn.error).toContainText('That email and password do not match an active account.')

  // Reactivate, then Resetting a Password: Send Password Reset → the link in the user's email.
  await signIn.signIn(operator.email, operator.password)
  await users.open()
  await users.openUser(invitee.name)
  await profile.active.click()
  await profile.save.click()
  await expect(profile.notice).toContainText('is active')
  await profile.sendReset.click()
  await expect(profile.notice).toContainText('valid for 1 hour')
  const resetLink = mail.linkIn('Reset your Switchboard password')
  await shell.signOut.click()
  await app.goto(resetLink)
  const reset = new ResetPasswordScreen(app)
  await expect(reset.heading).toBeVisible()
  await expectAccessible(app, 'reset password')
  await reset.setPassword('nia chose a new password')
  await expect(app.getByRole('heading', { name: 'Password changed' })).toBeVisible()
  await expectAccessible(app, 'password changed')
  await app.getByRole('button', { name: 'Go to sign in' }).click()
  await signIn.signIn(invitee.email, 'nia chose a new password')
  await expect(shell.user).toContainText(invitee.name)

  // Nia is an ADMIN now: a SUPER_ADMIN's profile is read-only to her, reset included.
  await users.open()
  await users.openUser(operator.name)
  await expect(app.getByText('Only a SUPER_ADMIN can change, reset or re-invite a SUPER_ADMIN.')).toBeVisible()
  await expect(profile.sendReset).toBeDisabled()
  await expect(profile.role).toBeDisabled()
  // Admin → Organisations is for SUPER_ADMINs: an ADMIN does not see it.
  const nav = app.getByRole('navigation', { name: 'Main navigation' })
  await expect(nav.getByRole('link', { name: 'Users' })).toBeVisible()
  await expect(nav.getByRole('link', { name: 'Organisations' })).toHaveCount(0)
})

test('Pending Invitations shows 50 at a time, newest first, and Load more brings the rest', async ({ app, dataDir }) => {
  await new SetupScreen(app).complete()
  // 60 pending, as an invite from a file leaves them: invitee 01 sent 60 hours ago … invitee 60 an hour ago.
  seedInvitationsIn(
    dataDir,
    'northwind-msp',
    Array.from({ length: 60 }, (_, i) => ({ email: `invitee.${String(i + 1).padStart(2, '0')}@northwind.test`, daysAgo: (60 - i) / 24 })),
  )
  const users = new UsersScreen(app)
  await users.open()
  await users.openPendingInvitations()
  const footer = app.getByText(/^Showing \d+ of \d+$/)
  await expect(footer).toHaveText('Showing 50 of 60')
  const rows = users.invitations.getByRole('row')
  await expect(rows).toHaveCount(51)
  await expect(rows.nth(1)).toContainText('invitee.60@northwind.test')
  await expect(users.invitationRow('invitee.10@northwind.test')).toHaveCount(0)

  await app.getByRole('button', { name: 'Load more' }).click()
  await expect(footer).toHaveText('Showing 60 of 60')
  await expect(rows).toHaveCount(61)
  await expect(rows.nth(60)).toContainText('invitee.01@northwind.test')
  await expect(app.getByRole('button', { name: 'Load more' })).toHaveCount(0)
  await expectAccessible(app, 'pending invitations, every page loaded')

  // Revoking one of the second page's: the list and its count follow.
  await users.revoke('invitee.05@northwind.test')
  await expect(users.invitationRow('invitee.05@northwind.test')).toHaveCount(0)
  await expect(footer).toHaveText('Showing 59 of 59')
})

import { expect, snapshot, test } from '../fixtures'
import { InviteFromFileScreen } from '../pages/invite-from-file.page'
import { RegisterScreen } from '../pages/links.page'
import { SetupScreen } from '../pages/setup.page'
import { UsersScreen } from '../pages/users.page'
import { expectAccessible } from '../support/axe'
import { seedHelpdesk, seedInvitationsIn } from '../support/store'

/** BOM, CRLF, columns in their own order, a quoted formula-looking name, an empty line, and every outcome. */
const FILE = [
  '\uFEFFEmail,Name,Role,Team',
  'ann.new@example.test,Ann New,AGENT,',
  'bob.new@example.test,"=HYPERLINK(""http://evil.test"",""x"")",read only,',
  'al.agent@northwind.test,,AGENT,',
  '',
  'pending@example.test,,AGENT,',
  'not-an-email,,AGENT,',
  'cy@example.test,,AGENT,Night Shift',
  'ANN.NEW@example.test,,ADMIN,',
].join('\r\n')

test('Invite from file: the dry run, Send Invitations with its progress and summary, the new rows pending', async ({
  app,
  host,
  dataDir,
  mail,
}) => {
  test.slow()
  await new SetupScreen(app).complete()
  seedHelpdesk(dataDir, ['Al Agent'], [])
  seedInvitationsIn(dataDir, 'northwind-msp', [{ email: 'pending@example.test', daysAgo: 1 }])
  const screen = new InviteFromFileScreen(app)
  await screen.open()
  await expectAccessible(app, 'invite from file')

  // A file that is not UTF-8 (Windows-1252 "é") is refused with the reason, nothing checked.
  await screen.choose('latin1.csv', Buffer.from([...Buffer.from('email,role\nren'), 0xe9, ...Buffer.from('@example.test,AGENT\n')]))
  await expect(app.getByRole('alert')).toContainText('The file is not UTF-8 text')
  await expect(screen.rows).toHaveCount(0)

  // The dry run: what each row will do.
  await screen.choose('people.csv', FILE)
  await expect(screen.counts).toContainText('Invite: 2')
  await expect(screen.counts).toContainText('Already a user: 1')
  await expect(screen.counts).toContainText('Already invited: 1')
  await expect(screen.counts).toContainText('Invalid: 3')
  await expect(screen.row('al.agent@northwind.test')).toContainText('Already a user')
  await expect(screen.row('pending@example.test')).toContainText('Already invited')
  await expect(screen.row('not-an-email')).toContainText('Not a valid email address.')
  await expect(screen.row('cy@example.test')).toContainText('Unknown team: this organisation has no team named "Night Shift".')
  await expect(screen.rows.getByRole('row').filter({ hasText: 'Duplicate row' })).toContainText('ANN.NEW@example.test')
  await expect(screen.rows.getByRole('row').filter({ hasText: 'Duplicate row' })).toContainText('line 2 has the same email.')
  // The formula-looking name is shown as the text it is.
  await expect(screen.row('bob.new@example.test')).toContainText('=HYPERLINK("http://evil.test","x")')
  await expect(app.getByRole('button', { name: 'Resend already invited (1)' })).toBeVisible()
  await expectAccessible(app, 'invite from file, dry run')

  // Only the invalid rows.
  await app.getByText('Invalid (3)').click()
  await expect(screen.rows.locator('tbody tr')).toHaveCount(3)
  await app.getByText('All (7)').click()

  // Send Invitations → confirm → progress → summary.
  await screen.sendInvitations(2)
  await expect(screen.progress).toBeVisible()
  await expect(screen.sending.getByRole('status')).toHaveText('2 of 2 rows sent.')
  await expect(screen.progress).toHaveAttribute('aria-valuenow', '100')
  await expect(screen.sending).toContainText('Sent: 2. Invited, email not sent: 0. Failed: 0.')
  await snapshot(app, host, 'invite-from-file-sent')
  await expectAccessible(app, 'invite from file, summary')

  // The new invitations are pending, the name's cell was kept as text.
  await screen.sending.getByRole('link', { name: 'Pending Invitations' }).click()
  const users = new UsersScreen(app)
  await expect(users.invitationRow('ann.new@example.test')).toContainText('AGENT')
  await expect(users.invitationRow('bob.new@example.test')).toContainText('READ ONLY')

  // Each link's registration form offers the name the file gave (a formula-looking one as plain text).
  const register = new RegisterScreen(app)
  const offered = new Map<string, string>()
  for (const nth of [0, 1]) {
    await app.goto(mail.linkIn("You're invited", nth))
    await expect(register.heading).toBeVisible()
    const email = app.getByRole('textbox', { name: 'Email' })
    await expect(email).not.toHaveValue('')
    const name = app.getByRole('textbox', { name: 'Your name' })
    await expect(name).not.toHaveValue('')
    offered.set(await email.inputValue(), await name.inputValue())
  }
  expect(Object.fromEntries(offered)).toEqual({
    'ann.new@example.test': 'Ann New',
    'bob.new@example.test': '=HYPERLINK("http://evil.test","x")',
  })
})

test('Invite from file: Cancel stops between chunks and keeps what was sent', async ({ app }) => {
  test.slow()
  await new SetupScreen(app).complete()
  const screen = new InviteFromFileScreen(app)
  await screen.open()
  const people = Array.from({ length: 250 }, (_, n) => `person.${n}@example.test,AGENT`)
  await screen.choose('many.csv', ['email,role', ...people].join('\n'))
  await expect(screen.counts).toContainText('Invite: 250')
  // Each chunk (of 25) takes a while to answer, so Cancel lands while the first is on its way.
  await app.route('**/rpc/invitations/importApply', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500))
    await route.continue()
  })
  await screen.sendInvitations(250)
  await screen.sending.getByRole('button', { name: 'Cancel' }).click()
  await expect(screen.sending.getByRole('status')).toHaveText('25 of 250 rows sent — cancelled; the rest were not sent.')
  await expect(screen.sending).toContainText('Sent: 25. Invited, email not sent: 0. Failed: 0. Not sent (cancelled): 225.')
  await expectAccessible(app, 'invite from file, cancelled')
  // Those sent stay sent: 25 pending invitations (and the header row).
  await screen.sending.getByRole('link', { name: 'Pending Invitations' }).click()
  await expect(new UsersScreen(app).invitations.getByRole('row')).toHaveCount(26)
})

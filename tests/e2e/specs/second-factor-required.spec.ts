import { expect, test } from '../fixtures'
import { AccountScreen } from '../pages/account.page'
import { ConsoleScreen } from '../pages/console.page'
import { RegisterScreen } from '../pages/links.page'
import { OrganisationsScreen } from '../pages/organisations.page'
import { SetupScreen } from '../pages/setup.page'
import { UsersScreen } from '../pages/users.page'
import { expectAccessible } from '../support/axe'

const nia = { email: 'nia.agent@northwind.test', name: 'Nia Agent', password: 'nia has a long password' }

test('an organisation that requires a second factor: a new user can only enrol, then goes on', async ({ app, mail }) => {
  // A registration, two set-ups with ten argon2-hashed codes each.
  test.slow()
  await new SetupScreen(app).complete()
  const shell = new ConsoleScreen(app)
  const users = new UsersScreen(app)
  const account = new AccountScreen(app)
  const required = app.getByRole('alert').filter({ hasText: 'Your organisation requires a second factor' })
  const navigation = app.getByRole('navigation', { name: 'Main navigation' })

  await users.open()
  await users.invite(nia.email, 'AGENT')
  await users.dialog.getByRole('button', { name: 'Done' }).click()

  // Admin → Organisations → Northwind MSP → Require a second factor. The operator has none either.
  const organisations = new OrganisationsScreen(app)
  await organisations.open()
  await organisations.openOrganisation('Northwind MSP')
  await app.getByRole('switch', { name: 'Require a second factor' }).click()
  await expect(required).toBeVisible()
  await expect(navigation).toBeHidden()
  await account.enrol()
  await expect(navigation).toBeVisible()
  await expect(required).toBeHidden()
  await shell.signOut.click()

  // Nia registers from her invitation: Your account, with the reason, and nothing else until she enrols.
  await app.goto(mail.linkIn("You're invited"))
  await new RegisterScreen(app).register(nia.name, nia.password)
  await expect(shell.user).toContainText(nia.name)
  await expect(required).toBeVisible()
  await expect(navigation).toBeHidden()
  await expect(account.setUp).toBeVisible()
  await expectAccessible(app, 'enrolment required')
  await account.enrol()
  await expect(navigation).toBeVisible()
  await navigation.getByRole('link', { name: 'Tickets' }).click()
  await expect(app.getByRole('heading', { name: 'Tickets', level: 1 })).toBeVisible()
})

import { expect, test } from '../fixtures'
import { AccountScreen } from '../pages/account.page'
import { ConsoleScreen } from '../pages/console.page'
import { RegisterScreen } from '../pages/links.page'
import { SettingsScreens } from '../pages/settings.page'
import { OPERATOR, SetupScreen } from '../pages/setup.page'
import { UsersScreen } from '../pages/users.page'
import { expectAccessible } from '../support/axe'

test('a new console requires a second factor of every SUPER_ADMIN unless unticked; Settings → Security turns it off', async ({ app }) => {
  // Setup, a set-up with ten argon2-hashed recovery codes, two scans.
  test.slow()
  const setup = new SetupScreen(app)
  await expect(setup.superAdminSecondFactor).toBeChecked()
  await setup.fill({ ...OPERATOR, secondFactorForSuperAdmins: true })
  await setup.submit.click()

  // The first SUPER_ADMIN can only set up a factor: Your account, with the reason, and no sidebar.
  const account = new AccountScreen(app)
  const navigation = app.getByRole('navigation', { name: 'Main navigation' })
  const required = app.getByRole('alert').filter({ hasText: 'Every SUPER_ADMIN of this instance needs a second factor' })
  await expect(required).toBeVisible()
  await expect(navigation).toBeHidden()
  await account.enrol()
  await expect(navigation).toBeVisible()
  await expect(required).toBeHidden()

  // Admin → Settings → Security: on, as set up; turned off (the factor was proven a moment ago: no prompt).
  const screens = new SettingsScreens(app)
  await screens.openSecurity()
  const rule = app.getByRole('switch', { name: 'Require a second factor of every SUPER_ADMIN' })
  await expect(rule).toBeChecked()
  await expectAccessible(app, 'security settings')
  await rule.click()
  await expect(app.getByRole('status').filter({ hasText: 'SUPER_ADMINs no longer need a second factor.' })).toBeVisible()
  await app.reload()
  await expect(rule).not.toBeChecked()
})

test('an ADMIN requires a second factor of their own organisation in Admin → Settings → Security', async ({ app, mail }) => {
  // A registration, then a set-up with ten argon2-hashed codes.
  test.slow()
  await new SetupScreen(app).complete()
  const users = new UsersScreen(app)
  await users.open()
  await users.invite('ana.admin@northwind.test', 'ADMIN')
  await users.dialog.getByRole('button', { name: 'Done' }).click()
  await new ConsoleScreen(app).signOut.click()
  await app.goto(mail.linkIn("You're invited"))
  await new RegisterScreen(app).register('Ana Admin', 'ana has a long password')

  // Security is the one screen of Settings an ADMIN sees, with their organisation's switch only.
  const screens = new SettingsScreens(app)
  await expect(screens.nav.getByRole('link', { name: 'Email', exact: true })).toBeHidden()
  await screens.openSecurity()
  await expect(app.getByRole('switch', { name: 'Require a second factor of every SUPER_ADMIN' })).toBeHidden()
  await expectAccessible(app, 'security settings as an ADMIN')
  await app.getByRole('switch', { name: 'Require a second factor' }).click()

  // Ana has none herself: from now on she can only set one up, then goes on.
  await expect(app.getByRole('alert').filter({ hasText: 'Your organisation requires a second factor' })).toBeVisible()
  const account = new AccountScreen(app)
  await account.enrol()
  await screens.openSecurity()
  await expect(app.getByRole('switch', { name: 'Require a second factor' })).toBeChecked()
})

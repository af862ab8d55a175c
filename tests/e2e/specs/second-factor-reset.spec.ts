import { expect, test } from '../fixtures'
import { AccountScreen, SecondFactorScreen } from '../pages/account.page'
import { ConsoleScreen } from '../pages/console.page'
import { RegisterScreen } from '../pages/links.page'
import { OPERATOR as operator, SetupScreen } from '../pages/setup.page'
import { SignInScreen } from '../pages/sign-in.page'
import { UserProfileScreen, UsersScreen } from '../pages/users.page'
import { expectAccessible } from '../support/axe'

const nia = { email: 'nia.agent@northwind.test', name: 'Nia Agent', password: 'nia has a long password' }

test('lost devices: an administrator resets a user’s second factor, and the user signs in with the password alone', async ({
  app,
  mail,
}) => {
  // A registration, a set-up with ten argon2-hashed codes, four sign-ins.
  test.slow()
  await new SetupScreen(app).complete()
  const shell = new ConsoleScreen(app)
  const users = new UsersScreen(app)
  const signIn = new SignInScreen(app)
  const account = new AccountScreen(app)

  // Nia joins and sets up an authenticator app.
  await users.open()
  await users.invite(nia.email, 'AGENT')
  await users.dialog.getByRole('button', { name: 'Done' }).click()
  await shell.signOut.click()
  await app.goto(mail.linkIn("You're invited"))
  await new RegisterScreen(app).register(nia.name, nia.password)
  await expect(shell.user).toContainText(nia.name)
  await account.open()
  await account.enrol()
  await shell.signOut.click()
  await signIn.signIn(nia.email, nia.password)
  await expect(new SecondFactorScreen(app).heading).toBeVisible()

  // She lost her phone: the operator resets it from Admin → Users → Nia Agent.
  await app.reload()
  await signIn.signIn(operator.email, operator.password)
  await expect(shell.user).toContainText(operator.name)
  await users.open()
  await users.openUser(nia.name)
  const profile = new UserProfileScreen(app)
  await expect(app.getByText('A second factor is set up (an authenticator app or a passkey).')).toBeVisible()
  await profile.resetSecondFactor.click()
  const dialog = app.getByRole('dialog', { name: 'Reset second factor?' })
  await expect(dialog).toContainText('signed out everywhere')
  await expectAccessible(app, 'reset second factor dialog')
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(dialog).toBeHidden()
  await profile.resetSecondFactor.click()
  await dialog.getByRole('button', { name: 'Reset second factor' }).click()
  await expect(app.getByText(/Nia Agent's second factor was reset and 0 sessions ended/)).toBeVisible()
  await expect(app.getByText('No second factor is set up: they sign in with their password alone.')).toBeVisible()
  await expect(profile.resetSecondFactor).toBeHidden()
  await expectAccessible(app, 'user profile after the reset')
  expect(mail.recipientsOf('Your second factor for Switchboard was reset')).toEqual([nia.email])

  // Nia signs in with her password alone, and can only set up an app again before anything else.
  await shell.signOut.click()
  await signIn.signIn(nia.email, nia.password)
  await expect(shell.user).toContainText(nia.name)
  await expect(app.getByRole('alert').filter({ hasText: 'An administrator reset your second factor: set one up again' })).toBeVisible()
  await expect(app.getByRole('navigation', { name: 'Main navigation' })).toBeHidden()
  await account.enrol()
  await expect(app.getByRole('navigation', { name: 'Main navigation' })).toBeVisible()
})

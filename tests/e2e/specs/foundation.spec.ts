import { expect, snapshot, test } from '../fixtures'
import { ConsoleScreen } from '../pages/console.page'
import { OPERATOR as operator, SetupScreen } from '../pages/setup.page'
import { SignInScreen } from '../pages/sign-in.page'
import { expectAccessible } from '../support/axe'

test('first run: setup creates the operator, signs in, shows the shell, and signs out', async ({ app, host }) => {
  const setup = new SetupScreen(app)
  await expect(setup.heading).toBeVisible()

  // Bad input is refused in the fields it belongs to, and what was typed stays.
  await setup.orgName.fill(operator.orgName)
  await expect(setup.slug).toHaveValue('northwind-msp')
  await setup.email.fill('not-an-email')
  await setup.password.fill('short')
  await setup.submit.click()
  await expect(setup.fieldError('Enter a valid email address')).toBeVisible()
  await expect(setup.fieldError('Password must be at least 12 characters')).toBeVisible()
  await expect(setup.fieldError('Name is required')).toBeVisible()
  await expect(setup.orgName).toHaveValue(operator.orgName)
  await snapshot(app, host, 'setup-errors')
  await expectAccessible(app, 'setup')

  await setup.fill(operator)
  await setup.submit.click()

  const shell = new ConsoleScreen(app)
  await expect(shell.sidebar).toBeVisible()
  await expect(shell.heading('Overview')).toBeVisible()
  await expect(shell.user).toContainText(operator.name)
  await expect(shell.user).toContainText('SUPER ADMIN')
  // The operator belongs to the Admin Tenant, so the tenant area holds the switcher.
  await expect(shell.tenantArea.getByRole('button', { name: 'Switch tenant' })).toContainText(operator.orgName)
  await snapshot(app, host, 'shell')
  await expectAccessible(app, 'overview')

  // The session survives a reload (it lives in the host, not in page memory).
  await app.reload()
  await expect(shell.heading('Overview')).toBeVisible()

  await shell.signOut.click()
  const signIn = new SignInScreen(app)
  await expect(signIn.heading).toBeVisible()
  await app.reload()
  await expect(signIn.heading).toBeVisible()
})

test('sign-in: a wrong password gets the generic error, the right one opens the console', async ({ app, host }) => {
  await new SetupScreen(app).complete()
  const shell = new ConsoleScreen(app)
  await shell.signOut.click()

  const signIn = new SignInScreen(app)
  await signIn.signIn(operator.email, 'not the right password')
  await expect(signIn.error).toContainText('That email and password do not match an active account.')
  await expect(signIn.email).toHaveValue(operator.email)
  await expect(signIn.password).toHaveValue('')
  await snapshot(app, host, 'sign-in-error')
  await expectAccessible(app, 'sign-in')

  await signIn.signIn('ADA@northwind.test', operator.password)
  await expect(shell.heading('Overview')).toBeVisible()
  await expect(shell.user).toContainText(operator.email)
})

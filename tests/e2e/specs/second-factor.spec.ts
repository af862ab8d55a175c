import { Secret, TOTP } from 'otpauth'
import { expect, snapshot, test } from '../fixtures'
import { AccountScreen, SecondFactorScreen } from '../pages/account.page'
import { ConsoleScreen } from '../pages/console.page'
import { OPERATOR as operator, SetupScreen } from '../pages/setup.page'
import { SignInScreen } from '../pages/sign-in.page'
import { expectAccessible } from '../support/axe'

/**
 * The code an authenticator app would show, computed here from the key read off the page. One step
 * ahead: the step now was just used to confirm, and one step of skew either way is accepted.
 */
const codeFor = (secret: string, aheadSteps = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + aheadSteps * 30_000 })

test('Your account: set up an authenticator app, then sign in with the password and a code, or a recovery code', async ({ app, host }) => {
  // Two sign-ins, argon2 hashing of ten codes and three scans.
  test.slow()
  await new SetupScreen(app).complete()
  const shell = new ConsoleScreen(app)
  const account = new AccountScreen(app)

  await account.open()
  await expect(account.heading).toBeVisible()
  await expect(app.getByText('Signing in asks only for your password.')).toBeVisible()
  await account.setUp.click()
  await expect(account.qrCode).toBeVisible()
  const secret = (await account.secret.textContent())!.trim()
  expect(secret).toMatch(/^[A-Z2-7]{32}$/)
  await snapshot(app, host, 'account-totp-set-up')
  await expectAccessible(app, 'authenticator set-up')

  // A wrong code is refused on its field; the right one shows the recovery codes, once.
  await account.code.fill('000000')
  await account.confirm.click()
  await expect(app.getByText(/That code is not right/)).toBeVisible()
  await account.code.fill(codeFor(secret))
  await account.confirm.click()
  await expect(account.recoveryCodes).toHaveCount(10)
  const recoveryCodes = await account.recoveryCodes.allTextContents()
  await snapshot(app, host, 'account-recovery-codes')
  await expectAccessible(app, 'recovery codes')
  await account.saved.click()
  await expect(app.getByText(/Authenticator app set up/)).toBeVisible()
  await expect(app.getByText('10 recovery codes left.')).toBeVisible()
  await expectAccessible(app, 'your account')

  // Signing in now takes the password, then a code.
  await shell.signOut.click()
  const signIn = new SignInScreen(app)
  const second = new SecondFactorScreen(app)
  await signIn.signIn(operator.email, operator.password)
  await expect(second.heading).toBeVisible()
  await snapshot(app, host, 'sign-in-second-step')
  await expectAccessible(app, 'sign-in second step')
  await second.code.fill('123456')
  await second.verify.click()
  await expect(second.error).toContainText('That code is not right')
  await second.code.fill(codeFor(secret, 1))
  await second.verify.click()
  await expect(shell.user).toContainText(operator.name)

  // Or with a recovery code, which then works no more.
  await shell.signOut.click()
  await signIn.signIn(operator.email, operator.password)
  await second.useRecoveryCode.click()
  await second.recoveryCode.fill(recoveryCodes[0]!)
  await second.verify.click()
  await expect(shell.user).toContainText(operator.name)
  await account.open()
  await expect(app.getByText('9 recovery codes left.')).toBeVisible()

  // Removing the app asks who it is first (the password here); then the password alone signs in.
  await app.getByRole('button', { name: 'Remove authenticator app' }).click()
  const dialog = app.getByRole('dialog', { name: 'Remove authenticator app?' })
  await dialog.getByRole('button', { name: 'Use your password instead' }).click()
  await dialog.getByLabel('Your password').fill(operator.password)
  await expectAccessible(app, 'remove authenticator app')
  await dialog.getByRole('button', { name: 'Remove authenticator app' }).click()
  await expect(account.setUp).toBeVisible()
  await shell.signOut.click()
  await signIn.signIn(operator.email, operator.password)
  await expect(shell.user).toContainText(operator.name)
})

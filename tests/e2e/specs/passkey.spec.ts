import { expect, snapshot, test } from '../fixtures'
import { AccountScreen, PasskeysSection, SecondFactorScreen } from '../pages/account.page'
import { ConsoleScreen } from '../pages/console.page'
import { OrganisationsScreen } from '../pages/organisations.page'
import { OPERATOR as operator, SetupScreen } from '../pages/setup.page'
import { SignInScreen } from '../pages/sign-in.page'
import { expectAccessible } from '../support/axe'
import { ageStepUp } from '../support/store'

test('passkeys: add one on Your account, sign in with the password and the passkey, step up with it, rename and remove it', async ({
  app,
  host,
  dataDir,
}) => {
  test.skip(
    host !== 'browser',
    'Electron allows passkeys on https:// and http://localhost pages only: the desktop app (app://) says so instead',
  )
  // Several sign-ins, a step-up and argon2 hashing of ten recovery codes.
  test.slow()
  await new SetupScreen(app).complete()
  const account = new AccountScreen(app)
  const passkeys = new PasskeysSection(app)
  const shell = new ConsoleScreen(app)

  // At 127.0.0.1 (as switchboard start prints it) passkeys cannot work: WebAuthn takes no IP address. The page says so.
  await account.open()
  await expect(passkeys.notHere).toBeVisible()
  await expect(passkeys.add).toHaveCount(0)

  // The same console at localhost: the run's cookies (secret and session) go along, as opening the link there would set them.
  const shellUrl = new URL(app.url())
  const localhost = `http://localhost:${shellUrl.port}`
  const cookies = await app.context().cookies(shellUrl.origin)
  await app
    .context()
    .addCookies(cookies.map(({ name, value, httpOnly, sameSite }) => ({ name, value, httpOnly, sameSite, url: localhost })))
  await app.goto(`${localhost}/`)

  // Chromium's virtual authenticator stands in for Touch ID / Windows Hello / a security key.
  const cdp = await app.context().newCDPSession(app)
  await cdp.send('WebAuthn.enable')
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  })

  await account.open()
  await expect(passkeys.empty).toBeVisible()
  await expectAccessible(app, 'passkeys, none yet')
  // A name is asked for first.
  await passkeys.add.click()
  await expect(passkeys.section.getByText('Give the passkey a name')).toBeVisible()
  await passkeys.name.fill('Virtual key')
  await passkeys.add.click()
  // The first second factor brings the recovery codes, shown once.
  await expect(account.recoveryCodes).toHaveCount(10)
  await account.saved.click()
  await expect(passkeys.row('Virtual key')).toBeVisible()
  await expect(passkeys.row('Virtual key')).toContainText('Never')
  await expect(app.getByText(/Signing in finishes with your passkey/)).toBeVisible()
  await snapshot(app, host, 'account-passkeys')
  await expectAccessible(app, 'passkeys')

  // Signing in: the password, then the passkey.
  await shell.signOut.click()
  const signIn = new SignInScreen(app)
  const second = new SecondFactorScreen(app)
  await signIn.signIn(operator.email, operator.password)
  await expect(second.heading).toBeVisible()
  const usePasskey = app.getByRole('button', { name: 'Use a passkey' })
  await expect(usePasskey).toBeVisible()
  await expectAccessible(app, 'sign-in second step with a passkey')
  await usePasskey.click()
  await expect(shell.user).toContainText(operator.name)
  await account.open()
  await expect(passkeys.row('Virtual key')).not.toContainText('Never')

  // Step-up before changing an organisation's features: the passkey confirms it, and the save runs once.
  ageStepUp(dataDir)
  const orgs = new OrganisationsScreen(app)
  await orgs.saveFeatures(operator.orgName, '["crm","helpdesk","rmm"]')
  const prompt = app.getByRole('dialog', { name: 'Confirm it is you' })
  await expect(prompt).toBeVisible()
  await expectAccessible(app, 'step-up prompt with a passkey')
  await prompt.getByRole('button', { name: 'Use a passkey' }).click()
  await expect(prompt).toBeHidden()
  await expect(app.getByRole('status').filter({ hasText: `Saved ${operator.orgName}.` })).toBeVisible()

  // Rename, then remove after the password (no authenticator app: the password is what is asked).
  await account.open()
  await passkeys.section.getByRole('button', { name: 'Rename Virtual key' }).click()
  const rename = app.getByRole('dialog', { name: 'Rename passkey' })
  await rename.getByRole('textbox', { name: 'Name' }).fill('Laptop key')
  await expectAccessible(app, 'rename passkey')
  await rename.getByRole('button', { name: 'Rename' }).click()
  await expect(passkeys.row('Laptop key')).toBeVisible()
  await passkeys.section.getByRole('button', { name: 'Remove Laptop key' }).click()
  const remove = app.getByRole('dialog', { name: /Remove passkey/ })
  await remove.getByLabel('Your password').fill('not my password')
  await expectAccessible(app, 'remove passkey')
  await remove.getByRole('button', { name: 'Remove passkey' }).click()
  await expect(remove.getByText('That password is not right.')).toBeVisible()
  await remove.getByLabel('Your password').fill(operator.password)
  await remove.getByRole('button', { name: 'Remove passkey' }).click()
  await expect(passkeys.empty).toBeVisible()
  await expect(app.getByRole('button', { name: 'Set up an authenticator app' })).toBeVisible()
})

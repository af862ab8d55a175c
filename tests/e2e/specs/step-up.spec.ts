import { Secret, TOTP } from 'otpauth'
import { expect, snapshot, test } from '../fixtures'
import { AccountScreen } from '../pages/account.page'
import { OrganisationsScreen } from '../pages/organisations.page'
import { OPERATOR as operator, SetupScreen } from '../pages/setup.page'
import { expectAccessible } from '../support/axe'
import { ageStepUp } from '../support/store'

/** The code an authenticator app would show, `aheadSteps` steps of 30 s ahead (one step of skew is accepted). */
const codeFor = (secret: string, aheadSteps = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + aheadSteps * 30_000 })

test('step-up: changing an organisation’s features after 5 minutes asks for a code, then saves without a second click', async ({
  app,
  host,
  dataDir,
}) => {
  test.slow()
  await new SetupScreen(app).complete()
  const account = new AccountScreen(app)
  await account.open()
  const secret = await account.enrol()
  await expect(app.getByText(/Authenticator app set up/)).toBeVisible()

  // The sign-in was more than 5 minutes ago.
  ageStepUp(dataDir)
  const orgs = new OrganisationsScreen(app)
  await orgs.saveFeatures(operator.orgName, '["crm","helpdesk","rmm"]')

  const prompt = app.getByRole('dialog', { name: 'Confirm it is you' })
  await expect(prompt).toBeVisible()
  const code = prompt.getByRole('textbox', { name: 'Code from your authenticator app' })
  await expect(code).toBeFocused()
  await snapshot(app, host, 'step-up-prompt')
  await expectAccessible(app, 'step-up prompt')
  // A wrong code is refused on its field, the prompt stays; the right one (the app's next) lets the save run.
  await code.fill('000000')
  await app.keyboard.press('Enter')
  await expect(prompt.getByText(/That code is not right/)).toBeVisible()
  await code.fill(codeFor(secret, 1))
  await app.keyboard.press('Enter')
  await expect(prompt).toBeHidden()
  const saved = app.getByRole('status').filter({ hasText: `Saved ${operator.orgName}.` })
  await expect(saved).toBeVisible()
  await expect(saved).toBeHidden({ timeout: 20_000 })

  // Within the 5 minutes, the next change is saved without asking.
  await orgs.featuresField().fill('["crm","helpdesk"]')
  await app.getByRole('button', { name: 'Save' }).click()
  await expect(saved).toBeVisible()
  await expect(prompt).toBeHidden()

  // Cancelled, nothing is saved and the page says why.
  ageStepUp(dataDir)
  await orgs.featuresField().fill('["crm"]')
  await app.getByRole('button', { name: 'Save' }).click()
  await expect(prompt).toBeVisible()
  await app.keyboard.press('Escape')
  await expect(prompt).toBeHidden()
  await expect(app.getByText('Not done: you did not confirm it was you. Nothing was changed.')).toBeVisible()
  await app.reload()
  await expect(orgs.featuresField()).toHaveValue(/helpdesk/)
  await expect(orgs.featuresField()).not.toHaveValue(/rmm/)
})

import { expect, type Locator, type Page } from '@playwright/test'
import { Secret, TOTP } from 'otpauth'

/** Your account (header → Your account): the signed-in user's two-step verification. */
export class AccountScreen {
  readonly link: Locator
  readonly heading: Locator
  readonly setUp: Locator
  readonly secret: Locator
  readonly qrCode: Locator
  readonly code: Locator
  readonly confirm: Locator
  readonly recoveryCodes: Locator
  readonly saved: Locator

  constructor(readonly page: Page) {
    this.link = page.getByRole('link', { name: 'Your account' })
    this.heading = page.getByRole('heading', { name: 'Your account', level: 1 })
    this.setUp = page.getByRole('button', { name: 'Set up an authenticator app' })
    this.secret = page.getByTestId('totp-secret')
    this.qrCode = page.getByRole('img', { name: 'QR code to scan with your authenticator app' })
    this.code = page.getByRole('textbox', { name: /Enter the 6-digit code/ })
    this.confirm = page.getByRole('button', { name: 'Confirm' })
    this.recoveryCodes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem')
    this.saved = page.getByRole('button', { name: 'I have saved them' })
  }

  async open() {
    await this.link.click()
  }

  /** Sets up the authenticator app on this screen, as a person would, and saves the recovery codes; answers the key. */
  async enrol(): Promise<string> {
    await this.setUp.click()
    const secret = (await this.secret.textContent())!.trim()
    await this.code.fill(new TOTP({ secret: Secret.fromBase32(secret) }).generate())
    await this.confirm.click()
    await expect(this.recoveryCodes).toHaveCount(10)
    await this.saved.click()
    return secret
  }
}

/** The sign-in's second step, after a right password for an account with an authenticator app. */
export class SecondFactorScreen {
  readonly heading: Locator
  readonly code: Locator
  readonly recoveryCode: Locator
  readonly useRecoveryCode: Locator
  readonly verify: Locator
  readonly error: Locator

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Two-step verification' })
    this.code = page.getByRole('textbox', { name: 'Authentication code' })
    this.recoveryCode = page.getByRole('textbox', { name: 'Recovery code' })
    this.useRecoveryCode = page.getByRole('button', { name: 'Use a recovery code instead' })
    this.verify = page.getByRole('button', { name: 'Verify' })
    this.error = page.getByRole('alert')
  }
}

/** Your account → Passkeys. */
export class PasskeysSection {
  readonly section: Locator
  readonly name: Locator
  readonly add: Locator
  readonly table: Locator
  readonly empty: Locator
  readonly notHere: Locator

  constructor(readonly page: Page) {
    this.section = page.getByRole('region', { name: 'Passkeys' })
    this.name = this.section.getByRole('textbox', { name: 'Name for a new passkey' })
    this.add = this.section.getByRole('button', { name: 'Add a passkey' })
    this.table = this.section.getByRole('table', { name: 'Your passkeys' })
    this.empty = this.section.getByText('You have no passkeys.')
    this.notHere = this.section.getByText('Passkeys cannot be added here')
  }

  row(name: string): Locator {
    return this.table.getByRole('row').filter({ has: this.page.getByRole('cell', { name, exact: true }) })
  }
}

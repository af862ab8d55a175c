import type { Locator, Page } from '@playwright/test'

/** The registration page an invitation link opens. */
export class RegisterScreen {
  readonly heading: Locator
  readonly problem: Locator

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Create your account' })
    this.problem = page.getByRole('alert')
  }

  async register(name: string, password: string) {
    await this.page.getByRole('textbox', { name: 'Your name' }).fill(name)
    await this.page.getByLabel(/^Password/).fill(password)
    await this.page.getByLabel(/^Confirm password/).fill(password)
    await this.page.getByRole('button', { name: 'Create account' }).click()
  }
}

/** The page a password reset link opens. */
export class ResetPasswordScreen {
  readonly heading: Locator

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Set a new password' })
  }

  async setPassword(password: string) {
    await this.page.getByLabel(/^New password/).fill(password)
    await this.page.getByLabel(/^Confirm new password/).fill(password)
    await this.page.getByRole('button', { name: 'Set password' }).click()
  }
}

import type { Locator, Page } from '@playwright/test'

export class SignInScreen {
  readonly heading: Locator
  readonly email: Locator
  readonly password: Locator
  readonly submit: Locator
  readonly error: Locator

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Sign in' })
    this.email = page.getByRole('textbox', { name: 'Email' })
    this.password = page.getByLabel(/^Password/)
    this.submit = page.getByRole('button', { name: 'Sign in' })
    this.error = page.getByRole('alert')
  }

  async signIn(email: string, password: string) {
    await this.email.fill(email)
    await this.password.fill(password)
    await this.submit.click()
  }
}

import type { Locator, Page } from '@playwright/test'

export interface OperatorDetails {
  orgName: string
  slug?: string
  name: string
  email: string
  password: string
  /** Leave "Require a second factor of every SUPER_ADMIN" ticked (the default); specs untick it unless they say. */
  secondFactorForSuperAdmins?: boolean
}

/** The operator every spec sets up first. */
export const OPERATOR: OperatorDetails = {
  orgName: 'Northwind MSP',
  name: 'Ada Operator',
  email: 'ada@northwind.test',
  password: 'correct horse battery',
}

/** The first-run setup screen. */
export class SetupScreen {
  readonly heading: Locator
  readonly orgName: Locator
  readonly slug: Locator
  readonly name: Locator
  readonly email: Locator
  readonly password: Locator
  readonly confirm: Locator
  readonly superAdminSecondFactor: Locator
  readonly submit: Locator

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Set up your console' })
    this.orgName = page.getByRole('textbox', { name: 'Organisation name' })
    this.slug = page.getByRole('textbox', { name: 'Slug' })
    this.name = page.getByRole('textbox', { name: 'Your name' })
    this.email = page.getByRole('textbox', { name: 'Email' })
    this.password = page.getByLabel(/^Password/)
    this.confirm = page.getByLabel('Confirm password')
    this.superAdminSecondFactor = page.getByRole('checkbox', { name: /Require a second factor of every SUPER_ADMIN/ })
    this.submit = page.getByRole('button', { name: 'Create organisation and sign in' })
  }

  /** Fills the form as a person would; the slug is left to its suggestion unless given. */
  async fill(details: OperatorDetails) {
    await this.orgName.fill(details.orgName)
    if (details.slug !== undefined) await this.slug.fill(details.slug)
    await this.name.fill(details.name)
    await this.email.fill(details.email)
    await this.password.fill(details.password)
    await this.confirm.fill(details.password)
    await this.superAdminSecondFactor.setChecked(details.secondFactorForSuperAdmins ?? false)
  }

  /** Setup as a person would finish it: fill, create, and wait for the console. */
  async complete(details: OperatorDetails = OPERATOR) {
    await this.fill(details)
    await this.submit.click()
    await this.page.getByRole('navigation', { name: 'Main navigation' }).waitFor()
  }

  fieldError(text: string | RegExp): Locator {
    return this.page.getByText(text)
  }
}

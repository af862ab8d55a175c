import type { Locator, Page } from '@playwright/test'

/** Admin → All Invitations (issue 20): the queue across tenants with bulk Resend and Revoke. */
export class AllInvitationsScreen {
  readonly table: Locator
  readonly summary: Locator
  readonly confirm: Locator
  /** Outside the home tenant: "Type <slug or how many tenants> to confirm". */
  readonly slugField: Locator

  constructor(readonly page: Page) {
    this.table = page.getByRole('table', { name: 'All invitations' })
    this.summary = page.getByRole('region', { name: 'Bulk action summary' })
    this.confirm = page.getByRole('dialog')
    this.slugField = this.confirm.getByRole('textbox', { name: /^Type .+ to confirm$/ })
  }

  /** Admin → All Invitations in the left sidebar. */
  async open() {
    const nav = this.page.getByRole('navigation', { name: 'Main navigation' })
    await nav.getByRole('link', { name: 'All Invitations' }).click()
    await this.page.getByRole('heading', { name: 'All Invitations', level: 1 }).waitFor()
  }

  /** The emails in the queue, in its order. */
  async emails(): Promise<string[]> {
    const cells = this.table.locator('tbody tr td:nth-child(2)')
    return (await cells.allInnerTexts()).map((text) => text.replace(/\s*Not sent$/, '').trim())
  }

  async select(email: string) {
    await this.table.getByRole('checkbox', { name: new RegExp(`^Select invitation to ${email.replace(/\./g, '\\.')} `) }).check()
  }

  /** A filter's box by its label: Organisation, Role, Status, Age. */
  filter(label: string): Locator {
    return this.page.getByRole('combobox', { name: label, exact: true })
  }

  async choose(label: 'Role' | 'Status' | 'Age', option: string) {
    await this.filter(label).click()
    await this.page.getByRole('option', { name: option, exact: true }).click()
  }

  async filterOrganisation(name: string) {
    await this.page.getByRole('combobox', { name: 'Organisation' }).click()
    await this.page.getByRole('option', { name: new RegExp(`^${name}`) }).click()
  }
}

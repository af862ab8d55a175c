import type { Locator, Page } from '@playwright/test'

/** The active connection in the header (or beside sign-in), the Connections dialog, and the offline banner. */
export class ConnectionsScreen {
  readonly active: Locator
  readonly dialog: Locator
  readonly table: Locator
  readonly offlineBanner: Locator

  constructor(readonly page: Page) {
    this.active = page.getByTestId('active-connection')
    this.dialog = page.getByRole('dialog', { name: 'Connections' })
    this.table = this.dialog.getByRole('table', { name: 'Connections' })
    this.offlineBanner = page.getByTestId('offline-banner')
  }

  async open() {
    await this.active.click()
    await this.table.waitFor()
  }

  row(name: string): Locator {
    return this.table.getByRole('row').filter({ hasText: name })
  }

  async add(details: { name: string; url: string; email: string; password: string; caFile?: string }) {
    await this.dialog.getByRole('button', { name: 'Add connection' }).click()
    const form = this.dialog.getByRole('form', { name: 'Add connection' })
    await form.getByRole('textbox', { name: 'Name' }).fill(details.name)
    await form.getByRole('textbox', { name: 'Address' }).fill(details.url)
    await form.getByRole('textbox', { name: 'Email' }).fill(details.email)
    await form.getByLabel(/^Password/).fill(details.password)
    if (details.caFile !== undefined) await form.getByRole('textbox', { name: 'CA certificate file' }).fill(details.caFile)
    await form.getByRole('button', { name: 'Add connection' }).click()
  }

  async connect(name: string) {
    await this.dialog.getByRole('button', { name: `Connect to ${name}` }).click()
  }

  async remove(name: string) {
    await this.dialog.getByRole('button', { name: `Remove ${name}` }).click()
    await this.page.getByRole('dialog', { name: 'Remove connection' }).getByRole('button', { name: 'Remove' }).click()
  }
}

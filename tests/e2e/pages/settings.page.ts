import type { Locator, Page } from '@playwright/test'

/** Admin → Settings → Email, Backups and Security, and Admin → Audit Log, reached from the sidebar as a person would. */
export class SettingsScreens {
  readonly nav: Locator
  readonly host: Locator
  readonly port: Locator
  readonly security: Locator
  readonly sender: Locator
  readonly backups: Locator
  readonly audit: Locator
  readonly auditFooter: Locator

  constructor(readonly page: Page) {
    this.nav = page.getByRole('navigation', { name: 'Main navigation' })
    this.host = page.getByRole('textbox', { name: 'Host' })
    this.port = page.getByRole('textbox', { name: 'Port' })
    this.security = page.getByRole('combobox', { name: 'Security' })
    this.sender = page.getByRole('textbox', { name: 'Sender (From)' })
    this.backups = page.getByRole('table', { name: 'Backups' })
    this.audit = page.getByRole('table', { name: 'Audit log' })
    this.auditFooter = page.getByText(/^Showing \d+ of \d+$/)
  }

  private async openFromSidebar(entry: string, heading: string) {
    await this.nav.getByRole('link', { name: entry, exact: true }).click()
    await this.page.getByRole('heading', { name: heading, level: 1 }).waitFor()
  }

  openEmail = () => this.openFromSidebar('Email', 'Email')
  openBackups = () => this.openFromSidebar('Backups', 'Backups')
  openSecurity = () => this.openFromSidebar('Security', 'Security')
  openAuditLog = () => this.openFromSidebar('Audit Log', 'Audit Log')

  async chooseSecurity(label: string) {
    await this.security.click()
    await this.page.getByRole('option', { name: label, exact: true }).click()
  }

  async filterByAction(action: string) {
    await this.page.getByRole('combobox', { name: 'Action' }).click()
    await this.page.getByRole('option', { name: action, exact: true }).click()
  }
}

import type { Locator, Page } from '@playwright/test'

/** Admin → Organisations, + New Organisation and an organisation's page. */
export class OrganisationsScreen {
  readonly table: Locator
  readonly dialog: Locator
  readonly search: Locator

  constructor(readonly page: Page) {
    this.search = page.getByRole('textbox', { name: 'Search' })
    this.table = page.getByRole('table', { name: 'Organisations' })
    this.dialog = page.getByRole('dialog', { name: 'New Organisation' })
  }

  async open() {
    await this.page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Organisations' }).click()
    await this.page.getByRole('heading', { name: 'Organisations', level: 1 }).waitFor()
  }

  async startNew(name: string, flags: { adminTenant?: boolean; demo?: boolean } = {}) {
    await this.page.getByRole('button', { name: '+ New Organisation' }).click()
    await this.dialog.getByRole('textbox', { name: 'Name' }).fill(name)
    if (flags.adminTenant) await this.dialog.getByRole('checkbox', { name: 'Admin Tenant' }).check()
    if (flags.demo) await this.dialog.getByRole('checkbox', { name: 'Demo' }).check()
  }

  slugField(): Locator {
    return this.dialog.getByRole('textbox', { name: 'Slug' })
  }

  async save() {
    await this.dialog.getByRole('button', { name: 'Save' }).click()
  }

  async openOrganisation(name: string) {
    await this.table.getByRole('link', { name, exact: true }).click()
    await this.page.getByRole('heading', { name, level: 1 }).waitFor()
  }

  featuresField(): Locator {
    return this.page.getByRole('textbox', { name: 'Features Enabled' })
  }

  effectiveFeatures(): Locator {
    return this.page.getByRole('group', { name: 'Effective features' })
  }
}

/** The tenant switcher at the bottom of the left sidebar, and the tenant banner. */
export class TenantSwitcher {
  readonly select: Locator
  readonly banner: Locator

  constructor(readonly page: Page) {
    this.select = page.getByRole('combobox', { name: 'Tenant switcher' })
    this.banner = page.getByRole('status').filter({ hasText: 'You are working in' })
  }

  async switchTo(name: string) {
    await this.select.click()
    await this.select.fill(name.slice(0, 4))
    // The console reloads scoped to the tenant: listen before the click, the reload can be quick.
    const reloaded = this.page.waitForEvent('load')
    await this.page.getByRole('option', { name, exact: true }).click()
    await reloaded
  }

  async returnHome(homeName: string) {
    const reloaded = this.page.waitForEvent('load')
    await this.banner.getByRole('button', { name: `Return to ${homeName}` }).click()
    await reloaded
  }
}

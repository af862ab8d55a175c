import { expect, type Locator, type Page } from '@playwright/test'

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

  /** Opens the organisation and saves a new Features Enabled (a step-up operation: the prompt may follow). */
  async saveFeatures(name: string, features: string) {
    await this.open()
    await this.openOrganisation(name)
    await this.featuresField().fill(features)
    await this.page.getByRole('button', { name: 'Save' }).click()
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
  readonly button: Locator
  readonly search: Locator
  readonly list: Locator
  readonly banner: Locator

  constructor(readonly page: Page) {
    this.button = page.getByRole('button', { name: 'Switch tenant' })
    this.search = page.getByRole('textbox', { name: 'Search organisations' })
    this.list = page.getByRole('listbox', { name: 'Organisations' })
    this.banner = page.getByRole('status').filter({ hasText: 'You are working in' })
  }

  /** An organisation in the open list; its accessible name also carries its marks (Current, Recent, Demo). */
  option(name: string): Locator {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    return this.list.getByRole('option', { name: new RegExp(`^${escaped}(\\s*(Current|Recent|Demo))*$`) })
  }

  /** The guide's steps: click the switcher, select the organisation from the dropdown. */
  async switchTo(name: string) {
    await this.button.click()
    await this.pick(name)
  }

  /** Selects an organisation in the open dropdown; the console shows itself scoped to it, in place (no reload). */
  async pick(name: string) {
    await this.option(name).click()
    await expect(this.button).toContainText(name)
  }

  async returnHome(homeName: string) {
    await this.banner.getByRole('button', { name: `Return to ${homeName}` }).click()
    await expect(this.banner).toHaveCount(0)
  }
}

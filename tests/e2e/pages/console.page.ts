import type { Locator, Page } from '@playwright/test'

/** The signed-in console: header, left sidebar, main area. */
export class ConsoleScreen {
  readonly sidebar: Locator
  readonly user: Locator
  readonly signOut: Locator
  readonly signOutEverywhere: Locator
  readonly tenantArea: Locator

  constructor(readonly page: Page) {
    this.sidebar = page.getByRole('navigation', { name: 'Main navigation' })
    this.user = page.getByTestId('signed-in-user')
    this.signOut = page.getByRole('button', { name: 'Sign out', exact: true })
    this.signOutEverywhere = page.getByRole('button', { name: 'Sign out everywhere' })
    this.tenantArea = page.getByTestId('tenant-area')
  }

  heading(name: string): Locator {
    return this.page.getByRole('heading', { name, level: 1 })
  }

  /** A sidebar group header (Helpdesk, Admin): a button that opens and closes its entries. */
  group(name: string): Locator {
    return this.sidebar.getByRole('button', { name, exact: true })
  }

  /** Types an address into the console's hash, as a pasted or hand-edited link would arrive. */
  async goToHash(hash: string) {
    await this.page.goto(this.page.url().replace(/#.*$/, '') + hash)
  }
}

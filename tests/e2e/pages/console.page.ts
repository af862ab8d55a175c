import type { Locator, Page } from '@playwright/test'

/** The signed-in console: header, left sidebar, main area. */
export class ConsoleScreen {
  readonly sidebar: Locator
  readonly user: Locator
  readonly signOut: Locator
  readonly tenantArea: Locator

  constructor(readonly page: Page) {
    this.sidebar = page.getByRole('navigation', { name: 'Main navigation' })
    this.user = page.getByTestId('signed-in-user')
    this.signOut = page.getByRole('button', { name: 'Sign out' })
    this.tenantArea = page.getByTestId('tenant-area')
  }

  heading(name: string): Locator {
    return this.page.getByRole('heading', { name, level: 1 })
  }
}

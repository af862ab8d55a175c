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

  /**
   * The header's controls whose label does not fit: cut off (an inner box wider than it is shown) or
   * squeezed narrower than the label. Named by their text, for the failure message.
   */
  async clippedHeaderControls(): Promise<string[]> {
    await this.page.getByRole('banner').waitFor()
    return this.page.evaluate<string[]>(`[...document.querySelectorAll('header button, header a')]
      .filter((control) => control.getClientRects().length > 0)
      .filter((control) => [control, ...control.querySelectorAll('*')].some((el) => el.scrollWidth > el.clientWidth + 1))
      .map((control) => control.textContent.trim() || control.getAttribute('aria-label') || control.tagName)`)
  }

  /** Types an address into the console's hash, as a pasted or hand-edited link would arrive. */
  async goToHash(hash: string) {
    await this.page.goto(this.page.url().replace(/#.*$/, '') + hash)
  }
}

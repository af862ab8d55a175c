import type { Locator, Page } from '@playwright/test'

/** The command palette (Ctrl/Cmd+K): a dialog holding a search combobox over a listbox of results. */
export class CommandPalette {
  readonly button: Locator
  readonly dialog: Locator
  readonly search: Locator
  readonly results: Locator
  readonly status: Locator

  constructor(readonly page: Page) {
    this.button = page.getByRole('button', { name: /^Command palette/ })
    this.dialog = page.getByRole('dialog', { name: 'Command palette' })
    this.search = this.dialog.getByRole('combobox')
    this.results = this.dialog.getByRole('listbox')
    this.status = this.dialog.getByRole('status')
  }

  /** Opens the palette from the keyboard, as Ctrl+K does on Windows and Linux. */
  async openWithKeyboard() {
    await this.page.keyboard.press('Control+k')
  }

  option(name: string | RegExp): Locator {
    return this.results.getByRole('option', { name })
  }

  group(name: string): Locator {
    return this.results.getByRole('group', { name })
  }
}

import { expect, type Locator, type Page } from '@playwright/test'

/** The one-click demo: Explore the demo on the first-run screen, its badge, and Settings → Demo. */
export class DemoScreen {
  readonly explore: Locator
  readonly badge: Locator
  readonly progress: Locator

  constructor(readonly page: Page) {
    this.explore = page.getByRole('button', { name: 'Explore the demo' })
    this.badge = page.getByText('Demo data', { exact: true })
    this.progress = page.getByRole('progressbar', { name: 'Making the demo' })
  }

  /** Admin → Settings → Demo in the left sidebar. */
  async openSettings() {
    await this.page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Demo', exact: true }).click()
    await this.page.getByRole('heading', { name: 'Demo', level: 1 }).waitFor()
  }

  /** Reset demo, then confirm in the dialog; the console signs in again on the Overview. */
  async reset() {
    await this.page.getByRole('button', { name: 'Reset demo' }).click()
    const dialog = this.page.getByRole('dialog', { name: 'Reset the demo?' })
    await expect(dialog).toBeVisible()
    await dialog.getByRole('button', { name: 'Reset demo' }).click()
    await expect(this.page.getByText('The demo is as it was when you first opened it.')).toBeVisible({ timeout: 30_000 })
  }
}

/** Helpdesk → Tickets → a ticket: the thread and the Reply / Internal note composer. */
export class TicketScreen {
  readonly thread: Locator
  readonly preview: Locator
  readonly body: Locator

  constructor(readonly page: Page) {
    this.thread = page.getByRole('list', { name: 'Thread' })
    this.preview = page.getByRole('region', { name: 'Preview' })
    this.body = page.getByRole('textbox', { name: /^(Reply|Internal note)/ })
  }

  async openTickets() {
    await this.page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Tickets' }).click()
    await this.page.getByRole('heading', { name: 'Tickets', level: 1 }).waitFor()
  }

  /** The n-th ticket of the list (newest first), routed to `team` from the list's Team dropdown, then opened. */
  async openRoutedTo(team: string, nth = 0): Promise<string> {
    const row = this.page
      .getByRole('table', { name: 'Tickets' })
      .getByRole('row')
      .nth(nth + 1)
    const select = row.getByRole('combobox', { name: /^Team of ticket/ })
    await select.selectOption({ label: team })
    await expect(select.locator('option:checked')).toHaveText(team)
    const link = row.getByRole('link')
    const subject = (await link.textContent()) ?? ''
    await link.click()
    await this.page.getByRole('heading', { level: 1, name: new RegExp(subject.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).waitFor()
    return subject
  }

  async write(kind: 'Reply' | 'Internal note', text: string) {
    // The segmented control's radios are visually hidden; a person clicks (or arrows to) their labels.
    await this.page.getByRole('radiogroup', { name: 'Reply or internal note' }).getByText(kind, { exact: true }).click()
    await expect(this.page.getByRole('radio', { name: kind, exact: true })).toBeChecked()
    await this.body.fill(text)
  }

  async send(kind: 'Reply' | 'Internal note') {
    await this.page.getByRole('button', { name: kind === 'Reply' ? 'Send reply' : 'Add internal note' }).click()
  }

  lastEntry(): Locator {
    return this.thread.getByRole('listitem').last()
  }
}

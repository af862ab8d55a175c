import type { Locator, Page } from '@playwright/test'

/** Admin → Users → Invite from file (issue 20): choose a CSV file, its dry run, Send Invitations. */
export class InviteFromFileScreen {
  readonly fileInput: Locator
  readonly counts: Locator
  readonly rows: Locator
  readonly send: Locator
  readonly confirm: Locator
  readonly sending: Locator
  readonly progress: Locator

  constructor(readonly page: Page) {
    this.fileInput = page.getByLabel('CSV file')
    this.counts = page.getByRole('group', { name: 'Dry run counts' })
    this.rows = page.getByRole('table', { name: 'Rows of the file' })
    this.send = page.getByRole('button', { name: /^Send Invitations/ })
    this.confirm = page.getByRole('dialog', { name: 'Send invitations?' })
    this.sending = page.getByRole('region', { name: 'Sending invitations' })
    this.progress = page.getByRole('progressbar', { name: 'Invitations sent' })
  }

  /** Admin → Users → Invite from file. */
  async open() {
    const nav = this.page.getByRole('navigation', { name: 'Main navigation' })
    await nav.getByRole('link', { name: 'Users' }).click()
    await this.page.getByRole('link', { name: 'Invite from file' }).click()
    await this.page.getByRole('heading', { name: 'Invite from file', level: 1 }).waitFor()
  }

  /** Chooses a file of these bytes (text is UTF-8). */
  async choose(name: string, content: string | Buffer) {
    await this.fileInput.setInputFiles({ name, mimeType: 'text/csv', buffer: typeof content === 'string' ? Buffer.from(content) : content })
  }

  row(email: string): Locator {
    return this.rows.getByRole('row').filter({ hasText: email })
  }

  /** Send Invitations, then the confirmation. */
  async sendInvitations(count: number) {
    await this.send.click()
    await this.confirm.getByRole('button', { name: `Send ${count} invitation(s)` }).click()
  }
}

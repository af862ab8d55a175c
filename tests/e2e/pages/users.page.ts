import { expect, type Locator, type Page } from '@playwright/test'

/** Admin → Users, its Pending Invitations tab and the + Invite User dialog. */
export class UsersScreen {
  readonly table: Locator
  readonly invitations: Locator
  readonly inviteButton: Locator
  readonly dialog: Locator
  readonly search: Locator
  readonly roleFilter: Locator

  constructor(readonly page: Page) {
    this.search = page.getByRole('textbox', { name: 'Search' })
    this.roleFilter = page.getByRole('combobox', { name: 'Role' })
    this.table = page.getByRole('table', { name: 'Users' })
    this.invitations = page.getByRole('table', { name: 'Pending invitations' })
    this.inviteButton = page.getByRole('button', { name: '+ Invite User' })
    this.dialog = page.getByRole('dialog', { name: 'Invite User' })
  }

  /** Admin → Users in the left sidebar. */
  async open() {
    const nav = this.page.getByRole('navigation', { name: 'Main navigation' })
    await nav.getByRole('link', { name: 'Users' }).click()
    await this.page.getByRole('heading', { name: 'Users', level: 1 }).waitFor()
  }

  async invite(email: string, role: string) {
    await this.inviteButton.click()
    await this.dialog.getByRole('textbox', { name: 'Email address' }).fill(email)
    await this.dialog.getByRole('combobox', { name: 'Role' }).click()
    await this.page.getByRole('option', { name: role, exact: true }).click()
    await this.dialog.getByRole('button', { name: 'Send Invitation' }).click()
  }

  /** Invite User → Send Invitation, sent, then Done. */
  async inviteAndClose(email: string, role: string) {
    await this.invite(email, role)
    await expect(this.dialog.getByRole('status')).toContainText('Invitation sent')
    await this.dialog.getByRole('button', { name: 'Done' }).click()
  }

  async openPendingInvitations() {
    await this.page.getByRole('tab', { name: 'Pending Invitations' }).click()
  }

  /** Revoke next to the invitation, then confirm. */
  async revoke(email: string) {
    await this.invitationRow(email).getByRole('button', { name: 'Revoke' }).click()
    await this.page.getByRole('dialog', { name: 'Revoke invitation?' }).getByRole('button', { name: 'Revoke invitation' }).click()
  }

  invitationRow(email: string): Locator {
    return this.invitations.getByRole('row').filter({ hasText: email })
  }

  async filterRole(role: string) {
    await this.roleFilter.click()
    await this.page.getByRole('option', { name: role, exact: true }).click()
  }

  sortHeader(column: string): Locator {
    return this.table.getByRole('columnheader', { name: column })
  }

  /** Clicks a column's header: sorts by it, or turns the direction round. */
  async sortBy(column: string) {
    await this.sortHeader(column).getByRole('button').click()
  }

  /** The names in the list, top to bottom. */
  async names(): Promise<string[]> {
    // Not the spacer rows that stand in for the rows a long list does not draw.
    return this.table.locator('tbody tr:not([aria-hidden]) td:first-child').allTextContents()
  }

  userRow(name: string): Locator {
    return this.table.getByRole('row').filter({ hasText: name })
  }

  /** "Click the user's name." */
  async openUser(name: string) {
    await this.table.getByRole('link', { name }).click()
    await this.page.getByRole('heading', { name, level: 1 }).waitFor()
  }
}

/** A user's profile page. */
export class UserProfileScreen {
  readonly role: Locator
  readonly active: Locator
  readonly save: Locator
  readonly sendReset: Locator
  readonly resetSecondFactor: Locator
  readonly notice: Locator

  constructor(readonly page: Page) {
    this.role = page.getByRole('combobox', { name: 'Role' })
    this.active = page.getByRole('switch', { name: 'Active' })
    this.save = page.getByRole('button', { name: 'Save' })
    this.sendReset = page.getByRole('button', { name: 'Send Password Reset' })
    this.resetSecondFactor = page.getByRole('button', { name: 'Reset second factor' })
    this.notice = page.getByRole('status').or(page.getByRole('alert'))
  }

  async changeRole(role: string) {
    await this.role.click()
    await this.page.getByRole('option', { name: role, exact: true }).click()
  }

  /** The dialog that switching Active off opens: what deactivation touches, where open tickets go. */
  deactivation(name: string): Locator {
    return this.page.getByRole('dialog', { name: `Deactivate ${name}?` })
  }

  /** Active off → Deactivate (open tickets stay as the dialog proposes) → Done. */
  async deactivate(name: string) {
    await this.active.click()
    const dialog = this.deactivation(name)
    await dialog.getByRole('button', { name: 'Deactivate' }).click()
    await dialog.getByRole('button', { name: 'Done' }).click()
  }
}

/** The local Outbox. */
export class OutboxScreen {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Outbox' }).click()
    await this.page.getByRole('heading', { name: 'Outbox', level: 1 }).waitFor()
  }

  /** Opens the n-th newest message with that subject and returns the link it carries. */
  async linkIn(subject: string, nth = 0): Promise<string> {
    const item = this.page.locator('.mantine-Accordion-item').filter({ hasText: subject }).nth(nth)
    await item.getByRole('button').first().click()
    const link = item.getByRole('link', { name: /#\/(register|reset-password)\// })
    const url = await link.getAttribute('href')
    await item.getByRole('button').first().click()
    if (!url) throw new Error('no link in the message')
    return url
  }
}

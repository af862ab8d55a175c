import type { Locator, Page } from '@playwright/test'

/** Admin → Helpdesk → Teams and a team's page. */
export class TeamsScreen {
  readonly members: Locator
  readonly signature: Locator
  readonly preview: Locator

  constructor(readonly page: Page) {
    this.members = page.getByRole('table', { name: 'Members' })
    this.signature = page.getByRole('textbox', { name: 'Team Signature' })
    this.preview = page.getByRole('region', { name: 'Signature preview' })
  }

  async open() {
    await this.page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Teams' }).click()
    await this.page.getByRole('heading', { name: 'Teams', level: 1 }).waitFor()
  }

  async create(name: string, description: string) {
    await this.page.getByRole('button', { name: '+ New Team' }).click()
    const dialog = this.page.getByRole('dialog', { name: 'New Team' })
    await dialog.getByRole('textbox', { name: 'Name' }).fill(name)
    await dialog.getByRole('textbox', { name: 'Description' }).fill(description)
    await dialog.getByRole('button', { name: 'Save' }).click()
    await this.page.getByRole('heading', { name, level: 1 }).waitFor()
  }

  /** "Add members and assign MEMBER or MANAGER roles within the team." */
  async addMember(name: string, role: 'MEMBER' | 'MANAGER') {
    const picker = this.page.getByRole('combobox', { name: 'Add member' })
    await picker.click()
    await picker.fill(name.split(' ')[0]!)
    await this.page.getByRole('option', { name: new RegExp(`^${name}`) }).click()
    await this.page.getByRole('combobox', { name: 'Team role', exact: true }).click()
    await this.page.getByRole('option', { name: role, exact: true }).click()
    await this.page.getByRole('button', { name: 'Add', exact: true }).click()
    await this.members.getByRole('row').filter({ hasText: name }).waitFor()
  }

  /** Remove next to the member, then confirm. */
  async removeMember(name: string) {
    await this.members.getByRole('button', { name: `Remove ${name}` }).click()
    await this.page.getByRole('dialog', { name: 'Remove member?' }).getByRole('button', { name: 'Remove member' }).click()
  }
}

/** Helpdesk → Tickets. */
export class TicketsScreen {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Tickets' }).click()
    await this.page.getByRole('heading', { name: 'Tickets', level: 1 }).waitFor()
  }

  /** A ticket's Team or Assignee dropdown (a native select). */
  dropdown(label: string): Locator {
    return this.page.getByRole('combobox', { name: label })
  }

  async choose(label: string, option: string) {
    await this.dropdown(label).selectOption({ label: option })
  }

  /** The option shown as chosen. */
  chosen(label: string): Locator {
    return this.dropdown(label).locator('option:checked')
  }

  options(label: string): Promise<string[]> {
    return this.dropdown(label).getByRole('option').allTextContents()
  }
}

/** The names a dropdown offers, read by opening it. */
export async function dropdownOptions(page: Page, label: string): Promise<string[]> {
  await page.getByRole('combobox', { name: label }).click()
  const listbox = page.getByRole('listbox')
  await listbox.waitFor()
  const names = await listbox.getByRole('option').allTextContents()
  await page.keyboard.press('Escape')
  return names
}

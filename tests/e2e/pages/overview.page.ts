import type { Locator, Page } from '@playwright/test'

/** The Overview (issue 20): figures from counters, two small charts each with its table, top organisations. */
export class OverviewScreen {
  readonly invitationsChart: Locator
  readonly invitationsByDay: Locator
  readonly usersByTenant: Locator
  readonly topInvitations: Locator
  readonly expiringNext: Locator
  readonly recentAudit: Locator

  constructor(readonly page: Page) {
    this.invitationsChart = page.getByRole('figure', { name: 'Invitations sent, last 14 days' })
    this.invitationsByDay = page.getByRole('table', { name: 'Invitations sent, last 14 days' })
    this.usersByTenant = page.getByRole('table', { name: 'Users per organisation (most first)' })
    this.topInvitations = page.getByRole('table', { name: 'Organisations with the most open invitations' })
    this.expiringNext = page.getByRole('table', { name: 'Pending invitations expiring next' })
    this.recentAudit = page.getByRole('table', { name: 'Recent audit events' })
  }

  /** Overview in the left sidebar. */
  async open() {
    await this.page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Overview' }).click()
    await this.page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor()
  }

  /** A figure card's number, by its label ("Users", "Open invitations", …). */
  figure(label: string): Locator {
    return this.page.locator('.mantine-Card-root').filter({ has: this.page.getByText(label, { exact: true }) })
  }

  /** The charts' labels drawn past their chart's edges (cut off where the chart ends), by their text. */
  async labelsOutsideCharts(): Promise<string[]> {
    return this.page.evaluate<string[]>(`[...document.querySelectorAll('figure svg')].flatMap((chart) => {
      const width = chart.viewBox.baseVal.width
      return [...chart.querySelectorAll('text')]
        .filter((text) => {
          const box = text.getBBox()
          return box.x < -0.5 || box.x + box.width > width + 0.5
        })
        .map((text) => text.textContent)
    })`)
  }

  /** A table's body rows as arrays of cell texts (row headers included). */
  async rows(table: Locator): Promise<string[][]> {
    const rows = await table.locator('tbody tr').all()
    return Promise.all(rows.map(async (row) => (await row.locator('th, td').allInnerTexts()).map((text) => text.trim())))
  }
}

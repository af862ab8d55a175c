import type { organisations } from '../../db/schema'

/** The shapes the organisations repository and its dialect siblings hand back (shared, so neither imports the other). */
export type OrganisationRow = typeof organisations.$inferSelect

export interface OrganisationPage {
  rows: { organisation: OrganisationRow; sortKey: string }[]
  total: number | null
  totalCapped: boolean
}

export type SwitcherRow = { id: string; name: string; slug: string; isDemo: boolean }

import { SWITCHER_LIMIT, type SwitchableTenant } from '../../../shared/contract'
import type { SwitcherRow } from '../organisations/organisations.repository'

/**
 * The tenant switcher's order: the current tenant, then the recently used ones (most recent
 * first), then the rest by name, each organisation once, at most `limit`. The callers pass
 * rows that already match the search; `byName` is in name order.
 */
export function orderTenantChoices(
  current: SwitcherRow | undefined,
  recent: readonly SwitcherRow[],
  byName: readonly SwitcherRow[],
  limit = SWITCHER_LIMIT,
): SwitchableTenant[] {
  const seen = new Set<string>()
  const choices: SwitchableTenant[] = []
  const add = (row: SwitcherRow, flags: { current: boolean; recent: boolean }) => {
    if (seen.has(row.id) || choices.length >= limit) return
    seen.add(row.id)
    choices.push({ ...row, ...flags })
  }
  if (current) add(current, { current: true, recent: false })
  for (const row of recent) add(row, { current: false, recent: true })
  for (const row of byName) add(row, { current: false, recent: false })
  return choices
}

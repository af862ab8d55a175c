import type { AuditFilter } from '../../../../shared/contract'
import type { AuditSearch } from '../../router/search'

/** Local midnight at the start of a picked day (`YYYY-MM-DD`). */
function startOfDay(day: string): Date {
  const [y, m, d] = day.split('-').map(Number)
  return new Date(y!, m! - 1, d!)
}

/**
 * The list's filter from the address. The API's end is exclusive, so an end date picked as "up to
 * and including this day" is sent as the next midnight.
 */
export function auditFilterOf({ from, to, ...rest }: AuditSearch): AuditFilter {
  const end = to ? startOfDay(to) : undefined
  end?.setDate(end.getDate() + 1)
  return { ...rest, from: from ? startOfDay(from) : undefined, to: end }
}

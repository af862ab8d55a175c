import type { SearchSchemaInput } from '@tanstack/react-router'
import { AUDIT_RESULTS, ROLES, USER_SORTS, type Role } from '../../../shared/contract/constants'

/**
 * List filters and sort live in the URL, so they survive "← Users", a reload and a tab switch. They
 * are the list operations' own input fields, with the contract's values and defaults. A hand-edited
 * or outdated field falls back to its default instead of an error page.
 *
 * Written without zod on purpose: every route's search is read on the console's first load, and zod
 * with the contract's schemas would double it. search.test.ts holds these to the contract's schemas.
 */
// The parameters are typed as what links may pass; what arrives from a typed address is any JSON value.
const oneOf = <T extends string>(values: readonly T[], value: unknown): T | undefined => values.find((v) => v === value)

/** The contract's searchTermSchema: trimmed, at most 200 characters, no control characters; empty is no search. */
function searchTerm(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  const text = value.trim()
  // eslint-disable-next-line no-control-regex
  return text && text.length <= 200 && !/[\u0000-\u001f\u007f]/.test(text) ? text : undefined
}

export const USER_STATUSES = ['all', 'active', 'inactive'] as const

export interface UsersSearch {
  search?: string
  role?: Role
  status: (typeof USER_STATUSES)[number]
  sort: (typeof USER_SORTS)[number]
  direction: 'asc' | 'desc'
}
export const USERS_SEARCH_DEFAULTS = { status: 'all', sort: 'name', direction: 'asc' } as const satisfies UsersSearch

export function usersSearchSchema(raw: Partial<UsersSearch> & SearchSchemaInput): UsersSearch {
  return {
    search: searchTerm(raw.search),
    role: oneOf(ROLES, raw.role),
    status: oneOf(USER_STATUSES, raw.status) ?? USERS_SEARCH_DEFAULTS.status,
    sort: oneOf(USER_SORTS, raw.sort) ?? USERS_SEARCH_DEFAULTS.sort,
    direction: oneOf(['asc', 'desc'] as const, raw.direction) ?? USERS_SEARCH_DEFAULTS.direction,
  }
}

export function organisationsSearchSchema(raw: { search?: string } & SearchSchemaInput): { search?: string } {
  return { search: searchTerm(raw.search) }
}

/**
 * Admin → Audit Log filters, the dates as the day picked (`YYYY-MM-DD`). Here only their shape; the
 * screen applies the contract's rules to each (pages/audit/audit-search.ts).
 */
export interface AuditSearch {
  actorEmail?: string
  action?: string
  target?: string
  result?: (typeof AUDIT_RESULTS)[number]
  tenantId?: string
  from?: string
  to?: string
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined)

export function auditSearchSchema(raw: AuditSearch & SearchSchemaInput): AuditSearch {
  return {
    actorEmail: text(raw.actorEmail),
    action: text(raw.action),
    target: text(raw.target),
    result: oneOf(AUDIT_RESULTS, raw.result),
    tenantId: text(raw.tenantId),
    from: text(raw.from),
    to: text(raw.to),
  }
}

import type { SearchSchemaInput } from '@tanstack/react-router'
import { AUDIT_RESULTS, INVITATION_STATUSES, ROLES, USER_SORTS, type Role } from '../../../shared/contract/constants'

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

// The contract's idSchema (zod's uuid): an organisation id in the address is one or is dropped.
const UUID =
  /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$/
const id = (value: unknown) => (typeof value === 'string' && UUID.test(value) ? value : undefined)

/** The ages Admin → All Invitations offers ("sent over N days ago"); another number in the address is no age filter. */
export const INVITATION_AGE_DAYS = [1, 3, 7] as const

/** Admin → All Invitations filters (issue 20): the queue's own input fields. Its order is fixed (soonest to expire first). */
export interface InvitationsSearch {
  tenantId?: string
  role?: Role
  status: (typeof INVITATION_STATUSES)[number]
  minAgeDays?: (typeof INVITATION_AGE_DAYS)[number]
}
export const INVITATIONS_SEARCH_DEFAULTS = { status: 'all' } as const satisfies InvitationsSearch

export function invitationsSearchSchema(raw: Partial<InvitationsSearch> & SearchSchemaInput): InvitationsSearch {
  // A number in the address arrives as one; a hand-typed `"3"` as text.
  const age = typeof raw.minAgeDays === 'string' ? Number(raw.minAgeDays) : raw.minAgeDays
  return {
    tenantId: id(raw.tenantId),
    role: oneOf(ROLES, raw.role),
    status: oneOf(INVITATION_STATUSES, raw.status) ?? INVITATIONS_SEARCH_DEFAULTS.status,
    minAgeDays: INVITATION_AGE_DAYS.find((days) => days === age),
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

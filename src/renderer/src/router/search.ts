import * as z from 'zod'
import { auditFilterSchema, organisationListInputSchema, userListInputSchema } from '../../../shared/contract'

/**
 * List filters and sort live in the URL, so they survive "← Users", a reload and a tab switch. They
 * are the list operations' own input fields, with the contract's rules and defaults. A hand-edited
 * or outdated URL falls back to the defaults instead of an error page.
 */
const usersSearch = userListInputSchema.pick({ search: true, role: true, status: true, sort: true, direction: true })
export const USERS_SEARCH_DEFAULTS = usersSearch.parse({})
export const usersSearchSchema = usersSearch.catch(USERS_SEARCH_DEFAULTS)
export type UsersSearch = typeof USERS_SEARCH_DEFAULTS

const organisationsSearch = organisationListInputSchema.pick({ search: true })
export const organisationsSearchSchema = organisationsSearch.catch({})

/**
 * Admin → Audit Log filters: the contract's own fields, and the dates as the day picked
 * (`YYYY-MM-DD`); a field the address gets wrong is dropped alone, the others stay.
 */
const auditField = auditFilterSchema.shape
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)
export const auditSearchSchema = z.object({
  actorEmail: auditField.actorEmail.catch(undefined),
  action: auditField.action.catch(undefined),
  target: auditField.target.catch(undefined),
  result: auditField.result.catch(undefined),
  tenantId: auditField.tenantId.catch(undefined),
  from: day.optional().catch(undefined),
  to: day.optional().catch(undefined),
})
export type AuditSearch = z.infer<typeof auditSearchSchema>

import * as z from 'zod'
import { auditFilterSchema } from '../../../../shared/contract'
import type { AuditSearch } from '../../router/search'

/**
 * Admin → Audit Log filters with the contract's own rules: the route has only sorted out which
 * fields are strings (zod stays out of the console's first load); here, in the screen's chunk,
 * a field the address gets wrong is dropped alone, the others stay.
 */
const auditField = auditFilterSchema.shape
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)
const auditSearchSchema = z.object({
  actorEmail: auditField.actorEmail.catch(undefined),
  action: auditField.action.catch(undefined),
  target: auditField.target.catch(undefined),
  result: auditField.result.catch(undefined),
  tenantId: auditField.tenantId.catch(undefined),
  from: day.optional().catch(undefined),
  to: day.optional().catch(undefined),
})

export function checkedAuditSearch(search: AuditSearch): AuditSearch {
  return auditSearchSchema.parse(search)
}

import { authed } from '../../rpc/base'
import { mapStreamErrors } from '../../rpc/errors'
import type { AuditLogService } from './audit-log.service'

export const auditHandlers = (audit: AuditLogService) => ({
  list: authed.audit.list.handler(({ input, context }) => audit.list(context.actor, input)),
  actions: authed.audit.actions.handler(({ context }) => audit.actions(context.actor)),
  exportCsv: authed.audit.exportCsv.handler(async ({ input, context }) =>
    mapStreamErrors(await audit.exportCsv(context.actor, input.filter)),
  ),
})

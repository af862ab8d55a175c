import { AUDIT_READERS, seesEveryTenantsAudit } from '../../../shared/access'
import type { AuditEntry, AuditExportEvent, AuditFilter } from '../../../shared/contract'
import { AppError, ErrorCode } from '../../../shared/errors'
import type { Clock } from '../../clock'
import type { Conn, Engine } from '../../db/engine'
import { requireRole } from '../access'
import type { Actor } from '../auth/auth.service'
import { decodeMomentCursor, invalidCursor, keysetPage } from '../cursor'
import { findUserByEmail } from '../users/users.repository'
import {
  AuditResult,
  distinctActions,
  listAudit,
  type AuditCount,
  type AuditNames,
  type AuditQuery,
  type AuditRow,
} from './audit.repository'
import { csvLine } from './csv'
import { recordAction } from './mutation'

/** Rows per query while exporting: one CSV piece and one progress event each. */
const EXPORT_PAGE = 500

const CSV_HEADER = ['id', 'at', 'actor_name', 'actor_email', 'action', 'target', 'result', 'tenant', 'tenant_id', 'home_tenant']

/** Admin → Audit Log: the list and its CSV export, scoped by the reader's session. */
export function createAuditLogService(engine: Engine, clock: Clock) {
  /**
   * The rows the actor may read, as a query; null when the filter can match nothing (an actor email
   * nobody has). The tenant comes from the session, except for whole-instance readers.
   */
  async function queryFor(conn: Conn, actor: Actor, filter: AuditFilter): Promise<AuditQuery | null> {
    requireRole(actor, AUDIT_READERS, 'read the audit log')
    let tenantId = filter.tenantId
    if (!seesEveryTenantsAudit(actor.role, actor.actingIsAdminTenant)) {
      if (tenantId && tenantId !== actor.actingTenantId) {
        throw new AppError(ErrorCode.FORBIDDEN, 'You can read the audit log of this organisation only.')
      }
      tenantId = actor.actingTenantId
    }
    let actorUserId: string | undefined
    if (filter.actorEmail) {
      actorUserId = (await findUserByEmail(conn, filter.actorEmail))?.id
      if (!actorUserId) return null
    }
    const { action, target, result, from, to } = filter
    return { tenantId, actorUserId, action, target, result, from, to }
  }

  /** Rows as the screen shows them: who by name and email, where by name (where still known), as the page read them. */
  function entries(rows: (AuditRow & { names: AuditNames })[]): AuditEntry[] {
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      action: r.action,
      target: r.target,
      result: r.result,
      actor:
        r.actorUserId && r.names.actorEmail !== null ? { id: r.actorUserId, name: r.names.actorName!, email: r.names.actorEmail } : null,
      tenant: r.actingTenantId && r.names.tenantName !== null ? { id: r.actingTenantId, name: r.names.tenantName } : null,
      homeTenant: r.homeTenantId && r.names.homeTenantName !== null ? { id: r.homeTenantId, name: r.names.homeTenantName } : null,
    }))
  }

  async function page(conn: Conn, query: AuditQuery, after: [number, number] | null, limit: number, count: AuditCount = 'capped') {
    const { rows, total, totalCapped } = await listAudit(conn, query, after, limit, count)
    const { page, nextCursor } = keysetPage(rows, limit, (row) => [row.at.getTime(), String(row.id)])
    return {
      items: entries(page),
      nextCursor,
      total,
      totalCapped,
    }
  }

  /** The log's cursors are a moment and the entry's numeric id. */
  function afterOf(cursor: string | undefined): [number, number] | null {
    const after = decodeMomentCursor(cursor)
    if (!after) return null
    if (!/^\d+$/.test(after[1])) throw invalidCursor()
    return [after[0], Number(after[1])]
  }

  async function* exportRows(actor: Actor, query: AuditQuery | null): AsyncGenerator<AuditExportEvent> {
    await recordAction(engine, clock, actor, 'audit.export', query?.tenantId ?? 'all tenants', AuditResult.OK)
    yield { type: 'csv', text: csvLine(CSV_HEADER) }
    if (!query) return yield { type: 'progress', done: 0, total: 0 }
    let after: [number, number] | null = null
    let done = 0
    let total = 0
    for (;;) {
      // One read per page: the store is never held while the consumer takes its time with a piece.
      const next = await engine.read((conn) => page(conn, query, after, EXPORT_PAGE, 'exact'))
      total = next.total ?? total
      done += next.items.length
      const lines = next.items.map((e) =>
        csvLine([
          e.id,
          e.at.toISOString(),
          e.actor?.name ?? null,
          e.actor?.email ?? null,
          e.action,
          e.target,
          e.result,
          e.tenant?.name ?? null,
          e.tenant?.id ?? null,
          e.homeTenant?.name ?? null,
        ]),
      )
      if (lines.length) yield { type: 'csv', text: lines.join('') }
      // Rows written meanwhile are newer than the first page, so the count can only be passed by none.
      yield { type: 'progress', done, total: Math.max(total, done) }
      if (!next.nextCursor) return
      after = afterOf(next.nextCursor)
    }
  }

  return {
    list(actor: Actor, input: { filter: AuditFilter; cursor?: string; limit: number }) {
      return engine.read(async (conn) => {
        const query = await queryFor(conn, actor, input.filter)
        if (!query) return { items: [], nextCursor: null, total: input.cursor ? null : 0 }
        return page(conn, query, afterOf(input.cursor), input.limit)
      })
    },

    /** The newest `limit` entries the actor may read, uncounted: the Overview's Recent audit events. */
    latest(actor: Actor, limit: number): Promise<AuditEntry[]> {
      return engine.read(async (conn) => {
        const query = await queryFor(conn, actor, {})
        return query ? (await page(conn, query, null, limit, 'none')).items : []
      })
    },

    /** The actions that occur in the log the actor reads, for the Action filter. */
    actions(actor: Actor): Promise<string[]> {
      return engine.read(async (conn) => distinctActions(conn, (await queryFor(conn, actor, {}))?.tenantId))
    },

    /** The filtered log as CSV pieces with progress; checks run first, so a refusal is an ordinary error. */
    async exportCsv(actor: Actor, filter: AuditFilter): Promise<AsyncGenerator<AuditExportEvent>> {
      return exportRows(actor, await engine.read((conn) => queryFor(conn, actor, filter)))
    },
  }
}

export type AuditLogService = ReturnType<typeof createAuditLogService>

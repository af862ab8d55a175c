import { SEARCH_COUNT_CAP } from '../../../shared/contract/common'
import type { Conn } from '../../db/engine'
import { prepared } from '../../db/query'
import type { AuditQuery, AuditRow } from './audit.rows'

/**
 * SQLite's audit list (PostgreSQL's is drizzle's, in audit.repository.ts): the same filters, page
 * and total as statements prepared once per connection and set of filters given, read as the
 * screen reads them (a page is asked for on every visit and every "Load more").
 */

const FILTERS = [
  ['tenantId', 'acting_tenant_id = @tenantId'],
  ['actorUserId', 'actor_user_id = @actorUserId'],
  ['action', 'action = @action'],
  ['target', 'target = @target'],
  ['result', 'result = @result'],
  ['from', 'at >= @from'],
  ['to', 'at < @to'],
] as const

const COLUMNS = `id, at, actor_user_id as actorUserId, home_tenant_id as homeTenantId, acting_tenant_id as actingTenantId,
  action, target, result, hash, app_version as appVersion, host`

export function listAuditSqlite(conn: Conn, query: AuditQuery, after: [number, number] | null, limit: number, exact: boolean) {
  const given = FILTERS.filter(([name]) => query[name] !== undefined && query[name] !== '')
  const params: Record<string, unknown> = {}
  for (const [name] of given) {
    const value = query[name]
    params[name] = value instanceof Date ? value.getTime() : value
  }
  const where = given.map(([, term]) => term)
  const shape = given.map(([name]) => name).join(',')
  let total: number | null = null
  let totalCapped = false
  if (!after) {
    const filter = where.length ? ` where ${where.join(' and ')}` : ''
    if (exact) {
      total = (prepared(conn, `audit.total.${shape}`, () => `select count(*) as n from audit_log${filter}`).get(params) as { n: number }).n
    } else {
      const n = (
        prepared(conn, `audit.capped.${shape}`, () => `select count(*) as n from (select 1 from audit_log${filter} limit @cap)`).get({
          ...params,
          cap: SEARCH_COUNT_CAP + 1,
        }) as { n: number }
      ).n
      total = Math.min(n, SEARCH_COUNT_CAP)
      totalCapped = n > SEARCH_COUNT_CAP
    }
  }
  const pageWhere = after ? [...where, 'at <= @afterAt and (at, id) < (@afterAt, @afterId)'] : where
  const raw = prepared(
    conn,
    `audit.page.${shape}.${after ? 'later' : 'first'}`,
    () =>
      `select ${COLUMNS} from audit_log${pageWhere.length ? ` where ${pageWhere.join(' and ')}` : ''} order by at desc, id desc limit @limit`,
  ).all({ ...params, limit: limit + 1, ...(after ? { afterAt: after[0], afterId: after[1] } : {}) }) as (Omit<AuditRow, 'at'> & {
    at: number
  })[]
  return { rows: raw.map((r): AuditRow => ({ ...r, at: new Date(r.at) })), total, totalCapped }
}

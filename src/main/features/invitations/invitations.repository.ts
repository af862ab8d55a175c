import { and, asc, count, eq, gt, inArray, isNull, lte, sql } from 'drizzle-orm'
import { affected, Dialect, first, type Conn, type Tables } from '../../db/engine'
import type { invitations } from '../../db/schema'
import { insertInBatches, prepared } from '../../db/query'
import { pgRows } from '../../db/pg-query'

export type InvitationRow = typeof invitations.$inferSelect

const open = ({ invitations: i }: Tables) => and(isNull(i.acceptedAt), isNull(i.revokedAt))

/** What a list of invitations shows of each (see the service's `toInvitations`). */
export type ListedInvitation = Pick<InvitationRow, 'id' | 'email' | 'role' | 'invitedBy' | 'sentAt' | 'expiresAt' | 'sendError'>

/** The columns of a ListedInvitation. */
const listedColumns = (i: Conn['t']['invitations']) => ({
  id: i.id,
  email: i.email,
  role: i.role,
  invitedBy: i.invitedBy,
  sentAt: i.sentAt,
  expiresAt: i.expiresAt,
  sendError: i.sendError,
})

/** listOpen's statement, one text for both engines, given the tenant's placeholder. */
const openInTenant = (tenant: string) => `select id, email, role, invited_by as "invitedBy", sent_at as "sentAt",
    expires_at as "expiresAt", send_error as "sendError"
  from invitations where tenant_id = ${tenant} and accepted_at is null and revoked_at is null order by sent_at desc`
const OPEN_IN_TENANT_PG = openInTenant('$1')

/** A tenant's open invitations, newest sent first: a statement written once (a list asked for on every visit). */
export async function listOpen(conn: Conn, tenantId: string): Promise<ListedInvitation[]> {
  if (conn.dialect === Dialect.PG) return pgRows<ListedInvitation>(conn, { text: OPEN_IN_TENANT_PG, values: [tenantId] })
  const rows = prepared(conn, 'invitations.open', () => openInTenant('?')).all(tenantId) as (Omit<
    ListedInvitation,
    'sentAt' | 'expiresAt'
  > & { sentAt: number; expiresAt: number })[]
  return rows.map((r) => ({ ...r, sentAt: new Date(r.sentAt), expiresAt: new Date(r.expiresAt) }))
}

export async function findOpenInTenant({ db, t }: Conn, tenantId: string, id: string): Promise<InvitationRow | undefined> {
  return first(
    db
      .select()
      .from(t.invitations)
      .where(and(eq(t.invitations.id, id), eq(t.invitations.tenantId, tenantId), open(t))),
  )
}

/** The open invitation for an email anywhere on the instance (emails are instance-unique). */
export async function findOpenByEmail({ db, t }: Conn, email: string): Promise<InvitationRow | undefined> {
  return first(
    db
      .select()
      .from(t.invitations)
      .where(and(sql`lower(${t.invitations.email}) = ${email.toLowerCase()}`, open(t))),
  )
}

/**
 * The open invitation of each of these (lower-cased) emails, anywhere on the instance: the bulk
 * invite's check, in groups off invitations_open_email_unique instead of one query per row.
 */
export async function openByEmails(conn: Conn, emails: readonly string[]): Promise<Map<string, { id: string; tenantId: string }>> {
  const { db, t } = conn
  const found = new Map<string, { id: string; tenantId: string }>()
  const unique = [...new Set(emails)]
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .select({ id: t.invitations.id, tenantId: t.invitations.tenantId, email: sql<string>`lower(${t.invitations.email})` })
      .from(t.invitations)
      .where(and(inArray(sql`lower(${t.invitations.email})`, unique.slice(i, i + 500)), open(t)))
    for (const row of rows) found.set(row.email, { id: row.id, tenantId: row.tenantId })
  }
  return found
}

export async function findByTokenHash({ db, t }: Conn, tokenHash: string): Promise<InvitationRow | undefined> {
  return first(db.select().from(t.invitations).where(eq(t.invitations.tokenHash, tokenHash)))
}

export async function insertInvitation({ db, t }: Conn, row: typeof invitations.$inferInsert): Promise<void> {
  await db.insert(t.invitations).values(row)
}

/** A demo fill's invitations. */
export async function insertInvitations(conn: Conn, rows: (typeof invitations.$inferInsert)[]): Promise<void> {
  await insertInBatches(conn, conn.t.invitations, rows)
}

export async function renewToken({ db, t }: Conn, id: string, tokenHash: string, sentAt: Date, expiresAt: Date): Promise<void> {
  await db.update(t.invitations).set({ tokenHash, sentAt, expiresAt, sendError: null }).where(eq(t.invitations.id, id))
}

export async function setSendError({ db, t }: Conn, id: string, error: string | null): Promise<void> {
  await db.update(t.invitations).set({ sendError: error }).where(eq(t.invitations.id, id))
}

export async function revoke({ db, t }: Conn, id: string, at: Date): Promise<void> {
  await db
    .update(t.invitations)
    .set({ revokedAt: at })
    .where(and(eq(t.invitations.id, id), open(t)))
}

/**
 * Consumes the invitation if it is still open and unexpired; true only for the one caller
 * whose UPDATE changed the row, so a link works once even with racing consumers.
 */
export async function consume({ db, t }: Conn, id: string, tokenHash: string, at: Date): Promise<boolean> {
  const i = t.invitations
  const result = await db
    .update(i)
    .set({ acceptedAt: at })
    .where(and(eq(i.id, id), eq(i.tokenHash, tokenHash), open(t), gt(i.expiresAt, at)))
  return affected(result) === 1
}

export interface QueueFilter {
  /** Every tenant when null (members of the Admin Tenant); else that one tenant. */
  tenantId: string | null
  role?: InvitationRow['role']
  /** Open invitations whose link works until after this instant (pending) or no longer does (expired). */
  status: 'all' | 'pending' | 'expired'
  now: Date
  /** Sent at or before this instant. */
  sentBefore?: Date
}

/**
 * Issue 20: open invitations soonest to expire first, keyset-paged by (expires_at, id); read off
 * invitations_open_expires_idx across tenants, invitations_open_tenant_expires_idx within one.
 */
/** What the queue shows of each invitation: a listed one, and its tenant. */
export type QueuedRow = ListedInvitation & Pick<InvitationRow, 'tenantId'>

export async function listQueue(conn: Conn, filter: QueueFilter, after: [number, string] | null, limit: number): Promise<QueuedRow[]> {
  if (conn.dialect === Dialect.SQLITE) return listQueueSqlite(conn, filter, after, limit)
  const { db, t } = conn
  const i = t.invitations
  const conditions = [
    open(t),
    filter.tenantId === null ? undefined : eq(i.tenantId, filter.tenantId),
    filter.role ? eq(i.role, filter.role) : undefined,
    filter.status === 'pending' ? gt(i.expiresAt, filter.now) : undefined,
    filter.status === 'expired' ? lte(i.expiresAt, filter.now) : undefined,
    filter.sentBefore ? lte(i.sentAt, filter.sentBefore) : undefined,
    after ? sql`(${i.expiresAt}, ${i.id}) > (${sql.param(new Date(after[0]), i.expiresAt)}, ${after[1]})` : undefined,
  ]
  // Each row's tenant (name, slug) comes from the organisations repository, which owns that table.
  return db
    .select({ ...listedColumns(i), tenantId: i.tenantId })
    .from(i)
    .where(and(...conditions))
    .orderBy(asc(i.expiresAt), asc(i.id))
    .limit(limit)
}

/** The same page on SQLite, through a statement prepared once per set of filters given (the Overview asks on every visit). */
function listQueueSqlite(conn: Conn, filter: QueueFilter, after: [number, string] | null, limit: number): QueuedRow[] {
  const terms: [string, string, unknown][] = [
    ['tenant', 'tenant_id = @tenant', filter.tenantId ?? undefined],
    ['role', 'role = @role', filter.role || undefined],
    ['pending', 'expires_at > @now', filter.status === 'pending' ? filter.now.getTime() : undefined],
    ['expired', 'expires_at <= @now', filter.status === 'expired' ? filter.now.getTime() : undefined],
    ['sentBefore', 'sent_at <= @sentBefore', filter.sentBefore === undefined ? undefined : filter.sentBefore.getTime()],
    ['after', '(expires_at, id) > (@afterAt, @afterId)', after ?? undefined],
  ]
  const given = terms.filter(([, , value]) => value !== undefined)
  const params: Record<string, unknown> = { limit }
  for (const [name, , value] of given) {
    if (name === 'after') Object.assign(params, { afterAt: after![0], afterId: after![1] })
    else params[name === 'pending' || name === 'expired' ? 'now' : name] = value
  }
  const rows = prepared(
    conn,
    `invitations.queue.${given.map(([name]) => name).join(',')}`,
    () =>
      `select id, tenant_id as tenantId, email, role, invited_by as invitedBy, sent_at as sentAt, expires_at as expiresAt, send_error as sendError
        from invitations where accepted_at is null and revoked_at is null${given.map(([, term]) => ` and ${term}`).join('')}
        order by expires_at asc, id asc limit @limit`,
  ).all(params) as (Omit<QueuedRow, 'sentAt' | 'expiresAt'> & { sentAt: number; expiresAt: number })[]
  return rows.map((r) => ({ ...r, sentAt: new Date(r.sentAt), expiresAt: new Date(r.expiresAt) }))
}

/** An open invitation by id, in whichever tenant it is (for the queue's bulk actions). */
export async function findOpen({ db, t }: Conn, id: string): Promise<InvitationRow | undefined> {
  return first(
    db
      .select()
      .from(t.invitations)
      .where(and(eq(t.invitations.id, id), open(t))),
  )
}

/**
 * Issue 20, the Overview: how many open invitations (of one tenant, or of every tenant when null)
 * expire after `after` and, when given, at or before `until`. Counted along the range of
 * invitations_open_tenant_expires_idx (or invitations_open_expires_idx): it reads just the entries it
 * counts, never another invitation.
 */
export async function countOpenExpiring(conn: Conn, tenantId: string | null, after: Date, until: Date | null): Promise<number> {
  if (conn.dialect === Dialect.SQLITE) return countOpenExpiringSqlite(conn, tenantId, after, until)
  const { db, t } = conn
  const i = t.invitations
  const [row] = await db
    .select({ n: count() })
    .from(i)
    .where(
      and(
        open(t),
        tenantId === null ? undefined : eq(i.tenantId, tenantId),
        gt(i.expiresAt, after),
        until ? lte(i.expiresAt, until) : undefined,
      ),
    )
  return row?.n ?? 0
}

/** The same count on SQLite, through one of four statements prepared once (the Overview asks it per listed tenant). */
function countOpenExpiringSqlite(conn: Conn, tenantId: string | null, after: Date, until: Date | null): number {
  const key = `invitations.openExpiring.${tenantId === null ? 'all' : 'tenant'}.${until === null ? 'open' : 'until'}`
  const statement = prepared(
    conn,
    key,
    () =>
      `select count(*) as n from invitations where accepted_at is null and revoked_at is null` +
      `${tenantId === null ? '' : ' and tenant_id = @tenantId'} and expires_at > @after${until === null ? '' : ' and expires_at <= @until'}`,
  )
  const params: Record<string, unknown> = { after: after.getTime() }
  if (tenantId !== null) params.tenantId = tenantId
  if (until !== null) params.until = until.getTime()
  return (statement.get(params) as { n: number }).n
}

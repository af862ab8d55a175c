import { and, eq, gt, inArray, isNull, sql } from 'drizzle-orm'
import { affected, Dialect, first, type Conn, type Tables } from '../../db/engine'
import type { invitations } from '../../db/schema'
import type { Statement } from '../../db/pg-query'
import { binder, dateOf, insertInBatches, writtenRows, type ReadMoment } from '../../db/query'
import { organisationLabelsByIds } from '../organisations/organisations.repository'
import { usersByIds } from '../users/users.repository'

export type InvitationRow = typeof invitations.$inferSelect

const open = ({ invitations: i }: Tables) => and(isNull(i.acceptedAt), isNull(i.revokedAt))

/** What a list of invitations shows of each, with its inviter's name (null if unknown; see the service's `toInvitation`). */
export type ListedInvitation = Pick<InvitationRow, 'id' | 'email' | 'role' | 'invitedBy' | 'sentAt' | 'expiresAt' | 'sendError'> & {
  inviterName: string | null
}

/** A ListedInvitation's columns, for the statements written out below. */
const LISTED = `i.id, i.email, i.role, i.invited_by as "invitedBy", i.sent_at as "sentAt", i.expires_at as "expiresAt",
  i.send_error as "sendError"`

/**
 * Where a page's rows come from, and with which names: on PostgreSQL the inviter's name joined by
 * primary key (and the queue's tenant: `tenant`), one round trip; SQLite looks the distinct inviters
 * and tenants up after the page (`nameListedSqlite`): in-process, a join's probe per row costs more.
 */
function listedFrom(dialect: Dialect, tenant = false): { columns: string; from: string } {
  const listed = tenant ? `${LISTED}, i.tenant_id as "tenantId"` : LISTED
  if (dialect !== Dialect.PG) return { columns: listed, from: 'invitations i' }
  const columns = `${listed}, u.name as "inviterName"`
  const from = 'invitations i left join users u on u.id = i.invited_by'
  if (!tenant) return { columns, from }
  return {
    columns: `${columns}, o.name as "tenantName", o.slug as "tenantSlug"`,
    from: `${from} left join organisations o on o.id = i.tenant_id`,
  }
}

/** A page row as read (the tenant's columns in the queue only): on SQLite without its names until `nameListedSqlite` gives them. */
type ReadRow = ReadListed & { tenantId?: string; tenantName?: string | null; tenantSlug?: string | null }

/** Gives SQLite's page rows their inviters' names and, with `tenant`, their tenants' names and slugs: each distinct one looked up once. */
async function nameListedSqlite(conn: Conn, rows: ReadRow[], tenant = false): Promise<void> {
  const inviters = await usersByIds(
    conn,
    rows.map((r) => r.invitedBy),
  )
  // With `tenant`, every row was read with its tenant id.
  const tenants = tenant
    ? await organisationLabelsByIds(
        conn,
        rows.map((r) => r.tenantId!),
      )
    : null
  for (const r of rows) {
    r.inviterName = inviters.get(r.invitedBy)?.name ?? null
    if (tenants) {
      const found = tenants.get(r.tenantId!)
      r.tenantName = found?.name ?? null
      r.tenantSlug = found?.slug ?? null
    }
  }
}

/** A page's rows with their names, on either engine. */
async function listedRows(conn: Conn, statement: Statement, tenant = false): Promise<ReadRow[]> {
  const rows = await writtenRows<ReadRow>(conn, statement)
  if (conn.dialect !== Dialect.PG) await nameListedSqlite(conn, rows, tenant)
  return rows
}

type ReadListed = Omit<ListedInvitation, 'sentAt' | 'expiresAt'> & { sentAt: ReadMoment; expiresAt: ReadMoment }

const toListed = (r: ReadListed): ListedInvitation => ({
  id: r.id,
  email: r.email,
  role: r.role,
  invitedBy: r.invitedBy,
  sentAt: dateOf(r.sentAt),
  expiresAt: dateOf(r.expiresAt),
  sendError: r.sendError,
  inviterName: r.inviterName,
})

/**
 * A tenant's open invitations, newest sent first, read off invitations_open_tenant_sent_idx: all of
 * them, or `limit` after the keyset (sent at, id) of the last row shown. Statements written once
 * (Pending Invitations asks on every visit).
 */
export async function listOpen(
  conn: Conn,
  tenantId: string,
  page?: { after: [number, string] | null; limit: number },
): Promise<ListedInvitation[]> {
  const { values, bind } = binder(conn.dialect)
  const { columns, from } = listedFrom(conn.dialect)
  let text = `select ${columns} from ${from} where i.tenant_id = ${bind(tenantId)} and i.accepted_at is null and i.revoked_at is null`
  if (page?.after) text += ` and (i.sent_at, i.id) < (${bind(new Date(page.after[0]))}, ${bind(page.after[1])})`
  text += ' order by i.sent_at desc, i.id desc'
  if (page) text += ` limit ${bind(page.limit)}`
  return (await listedRows(conn, { text, values, samePlan: true })).map(toListed)
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

/** What the queue shows of each invitation: a listed one, and its tenant (name and slug empty if unknown). */
export type QueuedRow = ListedInvitation & { tenant: { id: string; name: string; slug: string } }

/**
 * Issue 20: open invitations soonest to expire first, keyset-paged by (expires_at, id); read off
 * invitations_open_expires_idx across tenants, invitations_open_tenant_expires_idx within one.
 */
export async function listQueue(conn: Conn, filter: QueueFilter, after: [number, string] | null, limit: number): Promise<QueuedRow[]> {
  // The same texts on both engines, written once per set of filters given (the Overview asks on every visit).
  const { values, bind } = binder(conn.dialect)
  let where = 'i.accepted_at is null and i.revoked_at is null'
  if (filter.tenantId !== null) where += ` and i.tenant_id = ${bind(filter.tenantId)}`
  if (filter.role) where += ` and i.role = ${bind(filter.role)}`
  if (filter.status === 'pending') where += ` and i.expires_at > ${bind(filter.now)}`
  if (filter.status === 'expired') where += ` and i.expires_at <= ${bind(filter.now)}`
  if (filter.sentBefore) where += ` and i.sent_at <= ${bind(filter.sentBefore)}`
  if (after) where += ` and (i.expires_at, i.id) > (${bind(new Date(after[0]))}, ${bind(after[1])})`
  const { columns, from } = listedFrom(conn.dialect, true)
  const rows = await listedRows(
    conn,
    {
      text: `select ${columns} from ${from} where ${where} order by i.expires_at asc, i.id asc limit ${bind(limit)}`,
      values,
      // The role and the age are filters along the range, whose length only their values know.
      samePlan: filter.role || filter.sentBefore ? undefined : true,
    },
    true,
  )
  return rows.map((r) => Object.assign(toListed(r), { tenant: { id: r.tenantId!, name: r.tenantName ?? '', slug: r.tenantSlug ?? '' } }))
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
 * Issue 20, the Overview of every tenant: how many open invitations expire after `after` and at or
 * before `until`. Counted along the range of invitations_open_expires_idx: it reads just the entries
 * it counts, never another invitation. (One tenant's count comes with its row: rankedTenants.)
 */
export async function countOpenExpiring(conn: Conn, after: Date, until: Date): Promise<number> {
  // The same text on both engines.
  const { values, bind } = binder(conn.dialect)
  const where = `accepted_at is null and revoked_at is null and expires_at > ${bind(after)} and expires_at <= ${bind(until)}`
  // count(*) is a bigint on PostgreSQL, handed over as a string.
  const [row] = await writtenRows<{ n: number | string }>(conn, {
    text: `select count(*) as n from invitations where ${where}`,
    values,
    samePlan: true,
  })
  return Number(row?.n ?? 0)
}

/**
 * The first expiry after `after` among open invitations (of every tenant), or null: until then, what
 * countOpenExpiring counts from `after` on has not moved. Off invitations_open_expires_idx, one entry.
 */
export async function nextOpenExpiry(conn: Conn, after: Date): Promise<Date | null> {
  const { values, bind } = binder(conn.dialect)
  const text = `select min(expires_at) as at from invitations where accepted_at is null and revoked_at is null and expires_at > ${bind(after)}`
  const [row] = await writtenRows<{ at: ReadMoment | null }>(conn, { text, values })
  return row?.at == null ? null : dateOf(row.at)
}

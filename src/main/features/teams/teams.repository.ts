import { and, count, eq, inArray, ne, sql } from 'drizzle-orm'
import type { TeamRole } from '../../../shared/contract'
import { first, type Conn } from '../../db/engine'
import type { teamMembers, teams } from '../../db/schema'
import { insertInBatches } from '../../db/query'
import { lowerKey } from '../../db/sort-keys'

export type TeamRow = typeof teams.$inferSelect

/** lower(name) in the same order on both engines; a tenant's teams are few, so the sort costs nothing. */
const byName = (conn: Conn) => lowerKey(conn, conn.t.teams.name)

export async function listTeams(conn: Conn, tenantId: string): Promise<TeamRow[]> {
  const { db, t } = conn
  return db.select().from(t.teams).where(eq(t.teams.tenantId, tenantId)).orderBy(byName(conn))
}

export async function findTeam({ db, t }: Conn, tenantId: string, id: string): Promise<TeamRow | undefined> {
  return first(
    db
      .select()
      .from(t.teams)
      .where(and(eq(t.teams.id, id), eq(t.teams.tenantId, tenantId))),
  )
}

export async function findTeamByName({ db, t }: Conn, tenantId: string, name: string, exceptId?: string): Promise<TeamRow | undefined> {
  const same = and(eq(t.teams.tenantId, tenantId), sql`lower(${t.teams.name}) = ${name.toLowerCase()}`)
  return first(
    db
      .select()
      .from(t.teams)
      .where(exceptId ? and(same, ne(t.teams.id, exceptId)) : same),
  )
}

/** Names of the tenant's teams among `ids`. */
export async function teamNamesByIds({ db, t }: Conn, tenantId: string, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map()
  const rows = await db
    .select({ id: t.teams.id, name: t.teams.name })
    .from(t.teams)
    .where(and(eq(t.teams.tenantId, tenantId), inArray(t.teams.id, [...new Set(ids)])))
  return new Map(rows.map((r) => [r.id, r.name]))
}

export async function countTeams({ db, t }: Conn, tenantId: string): Promise<number> {
  return (await first(db.select({ n: count() }).from(t.teams).where(eq(t.teams.tenantId, tenantId))))?.n ?? 0
}

/** The memberships of every team of the tenant. */
export async function memberships({ db, t }: Conn, tenantId: string): Promise<{ teamId: string; userId: string; role: TeamRole }[]> {
  const m = t.teamMembers
  return db.select({ teamId: m.teamId, userId: m.userId, role: m.role }).from(m).where(eq(m.tenantId, tenantId))
}

export async function membersOf({ db, t }: Conn, teamId: string): Promise<{ userId: string; role: TeamRole }[]> {
  const m = t.teamMembers
  return db.select({ userId: m.userId, role: m.role }).from(m).where(eq(m.teamId, teamId))
}

/**
 * The ids of a team's members, as a subquery for other repositories' filters: not run here (so
 * neither async nor awaited), it is embedded in the caller's query on the same conn.
 */
export function memberIdsOf({ db, t }: Conn, teamId: string) {
  return db.select({ id: t.teamMembers.userId }).from(t.teamMembers).where(eq(t.teamMembers.teamId, teamId))
}

export async function memberRole({ db, t }: Conn, teamId: string, userId: string): Promise<TeamRole | undefined> {
  const m = t.teamMembers
  return (
    await first(
      db
        .select({ role: m.role })
        .from(m)
        .where(and(eq(m.teamId, teamId), eq(m.userId, userId))),
    )
  )?.role
}

export async function insertTeam({ db, t }: Conn, row: typeof teams.$inferInsert): Promise<void> {
  await db.insert(t.teams).values(row)
}

/** A demo fill's teams and their members, in one go. */
export async function insertTeamsWithMembers(
  conn: Conn,
  rows: (typeof teams.$inferInsert)[],
  members: (typeof teamMembers.$inferInsert)[],
): Promise<void> {
  await insertInBatches(conn, conn.t.teams, rows)
  await insertInBatches(conn, conn.t.teamMembers, members)
}

export async function updateTeam({ db, t }: Conn, id: string, changes: Partial<typeof teams.$inferInsert>): Promise<void> {
  await db.update(t.teams).set(changes).where(eq(t.teams.id, id))
}

export async function upsertMember({ db, t }: Conn, row: typeof teamMembers.$inferInsert): Promise<void> {
  await db
    .insert(t.teamMembers)
    .values(row)
    .onConflictDoUpdate({ target: [t.teamMembers.teamId, t.teamMembers.userId], set: { role: row.role } })
}

export async function deleteMember({ db, t }: Conn, teamId: string, userId: string): Promise<void> {
  await db.delete(t.teamMembers).where(and(eq(t.teamMembers.teamId, teamId), eq(t.teamMembers.userId, userId)))
}

/** A user's team memberships in the tenant with the teams' names (off team_members_user_idx; a handful, sorted here). */
export async function teamsOfUser({ db, t }: Conn, tenantId: string, userId: string) {
  const rows = await db
    .select({ id: t.teams.id, name: t.teams.name, role: t.teamMembers.role })
    .from(t.teamMembers)
    .innerJoin(t.teams, eq(t.teams.id, t.teamMembers.teamId))
    .where(and(eq(t.teamMembers.userId, userId), eq(t.teams.tenantId, tenantId)))
  return rows.sort((a, b) => a.name.localeCompare(b.name))
}

/** The tenant's teams whose signature contains one of the texts (case-insensitively). */
export async function teamsWhoseSignatureNames({ db, t }: Conn, tenantId: string, texts: readonly string[]) {
  const rows = await db
    .select({ id: t.teams.id, name: t.teams.name, signature: t.teams.signature })
    .from(t.teams)
    .where(and(eq(t.teams.tenantId, tenantId), sql`${t.teams.signature} is not null`))
  const needles = texts.map((s) => s.trim().toLowerCase()).filter(Boolean)
  return rows
    .filter((r) => needles.some((n) => r.signature!.toLowerCase().includes(n)))
    .map(({ id, name }) => ({ id, name }))
    .sort((a, b) => a.name.localeCompare(b.name))
}

import { and, count, eq, inArray, ne, sql } from 'drizzle-orm'
import type { TeamRole } from '../../../shared/contract'
import { teamMembers, teams } from '../../db/schema'
import { insertInBatches } from '../../db/query'
import type { Reader, Writer } from '../../db/types'

export type TeamRow = typeof teams.$inferSelect

export function listTeams(db: Reader, tenantId: string) {
  return db
    .select()
    .from(teams)
    .where(eq(teams.tenantId, tenantId))
    .orderBy(sql`lower(${teams.name})`)
    .all()
}

export function findTeam(db: Reader, tenantId: string, id: string): TeamRow | undefined {
  return db
    .select()
    .from(teams)
    .where(and(eq(teams.id, id), eq(teams.tenantId, tenantId)))
    .get()
}

export function findTeamByName(db: Reader, tenantId: string, name: string, exceptId?: string): TeamRow | undefined {
  const same = and(eq(teams.tenantId, tenantId), sql`lower(${teams.name}) = ${name.toLowerCase()}`)
  return db
    .select()
    .from(teams)
    .where(exceptId ? and(same, ne(teams.id, exceptId)) : same)
    .get()
}

/** Names of the tenant's teams among `ids`. */
export function teamNamesByIds(db: Reader, tenantId: string, ids: readonly string[]): Map<string, string> {
  if (ids.length === 0) return new Map()
  const rows = db
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(and(eq(teams.tenantId, tenantId), inArray(teams.id, [...new Set(ids)])))
    .all()
  return new Map(rows.map((r) => [r.id, r.name]))
}

export function countTeams(db: Reader, tenantId: string): number {
  return db.select({ n: count() }).from(teams).where(eq(teams.tenantId, tenantId)).get()?.n ?? 0
}

/** The memberships of every team of the tenant. */
export function memberships(db: Reader, tenantId: string): { teamId: string; userId: string; role: TeamRole }[] {
  return db
    .select({ teamId: teamMembers.teamId, userId: teamMembers.userId, role: teamMembers.role })
    .from(teamMembers)
    .where(eq(teamMembers.tenantId, tenantId))
    .all()
}

export function membersOf(db: Reader, teamId: string): { userId: string; role: TeamRole }[] {
  return db.select({ userId: teamMembers.userId, role: teamMembers.role }).from(teamMembers).where(eq(teamMembers.teamId, teamId)).all()
}

/** The ids of a team's members, as a subquery for other repositories' filters. */
export function memberIdsOf(db: Reader, teamId: string) {
  return db.select({ id: teamMembers.userId }).from(teamMembers).where(eq(teamMembers.teamId, teamId))
}

export function memberRole(db: Reader, teamId: string, userId: string): TeamRole | undefined {
  return db
    .select({ role: teamMembers.role })
    .from(teamMembers)
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)))
    .get()?.role
}

export function insertTeam(db: Writer, row: typeof teams.$inferInsert): void {
  db.insert(teams).values(row).run()
}

/** A demo fill's teams and their members, in one go. */
export function insertTeamsWithMembers(
  db: Writer,
  rows: (typeof teams.$inferInsert)[],
  members: (typeof teamMembers.$inferInsert)[],
): void {
  insertInBatches(db, teams, rows)
  insertInBatches(db, teamMembers, members)
}

export function updateTeam(db: Writer, id: string, changes: Partial<typeof teams.$inferInsert>): void {
  db.update(teams).set(changes).where(eq(teams.id, id)).run()
}

export function upsertMember(db: Writer, row: typeof teamMembers.$inferInsert): void {
  db.insert(teamMembers)
    .values(row)
    .onConflictDoUpdate({ target: [teamMembers.teamId, teamMembers.userId], set: { role: row.role } })
    .run()
}

export function deleteMember(db: Writer, teamId: string, userId: string): void {
  db.delete(teamMembers)
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)))
    .run()
}

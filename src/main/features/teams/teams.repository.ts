import { and, asc, eq, ne, sql } from 'drizzle-orm'
import { teamMembers, teams, users } from '../../db/schema'
import type { Db } from '../../db/store'

type Reader = Pick<Db, 'select'>
type Writer = Pick<Db, 'insert' | 'update' | 'delete'>

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

/** Members of the given teams with their user's name, email and active flag. */
export function membersOf(db: Reader, teamId: string) {
  return db
    .select({ userId: users.id, name: users.name, email: users.email, active: users.active, role: teamMembers.role })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(eq(teamMembers.teamId, teamId))
    .orderBy(asc(sql`lower(${users.name})`))
    .all()
}

export function allMembers(db: Reader, tenantId: string) {
  return db
    .select({ teamId: teamMembers.teamId, userId: users.id, name: users.name, role: teamMembers.role })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(eq(teams.tenantId, tenantId))
    .all()
}

export function memberRole(db: Reader, teamId: string, userId: string): 'MEMBER' | 'MANAGER' | undefined {
  return db
    .select({ role: teamMembers.role })
    .from(teamMembers)
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)))
    .get()?.role
}

export function insertTeam(db: Writer, row: typeof teams.$inferInsert): void {
  db.insert(teams).values(row).run()
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

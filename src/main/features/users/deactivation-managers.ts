import type { DeactivationImpact } from '../../../shared/contract'
import { AppError, ErrorCode, ErrorReason } from '../../../shared/errors'
import type { Conn } from '../../db/engine'
import * as teamsRepo from '../teams/teams.repository'
import * as repo from './users.repository'

// Deactivation with handover (issue 20): the MANAGER roles the leaving user holds, and who takes them over.

/**
 * The leaving user's teams; of those they manage, the other active MANAGERs and the active members
 * who could be appointed in their place (a deactivated MANAGER manages nothing).
 */
export async function teamsWithSuccessors(conn: Conn, tenantId: string, userId: string): Promise<DeactivationImpact['teams']> {
  const teams = await teamsRepo.teamsOfUser(conn, tenantId, userId)
  return Promise.all(
    teams.map(async (team) => {
      if (team.role !== 'MANAGER') return { ...team, otherManagers: 0, successors: [] }
      const members = (await teamsRepo.membersOf(conn, team.id)).filter((m) => m.userId !== userId)
      const people = await repo.usersByIds(
        conn,
        members.map((m) => m.userId),
      )
      const active = members.flatMap((m) => {
        const person = people.get(m.userId)
        return person?.active ? [{ ...m, name: person.name }] : []
      })
      return {
        ...team,
        otherManagers: active.filter((m) => m.role === 'MANAGER').length,
        successors: active
          .filter((m) => m.role === 'MEMBER')
          .map((m) => ({ id: m.userId, name: m.name }))
          .sort((a, b) => a.name.localeCompare(b.name)),
      }
    }),
  )
}

/**
 * Appoints, of each team the leaving user manages, the named active member as MANAGER. Anything
 * else refuses the whole deactivation (the caller's transaction): nothing is appointed then.
 */
export async function appointManagers(
  conn: Conn,
  tenantId: string,
  leaving: { id: string; name: string },
  appointments: readonly { teamId: string; userId: string }[],
  now: Date,
): Promise<number> {
  for (const { teamId, userId } of appointments) {
    const team = await teamsRepo.findTeam(conn, tenantId, teamId)
    const refuse = (message: string) =>
      new AppError(
        ErrorCode.VALIDATION,
        `${message} Nothing was changed.`,
        { managers: message },
        { reason: ErrorReason.NOT_APPOINTABLE, ids: { userId: leaving.id, teamId, successorId: userId } },
      )
    if (!team || (await teamsRepo.memberRole(conn, team.id, leaving.id)) !== 'MANAGER') {
      throw refuse(`${leaving.name} does not manage that team: there is no MANAGER to replace.`)
    }
    const successor = await repo.findUserInTenant(conn, tenantId, userId)
    if (
      !successor ||
      successor.id === leaving.id ||
      !successor.active ||
      (await teamsRepo.memberRole(conn, team.id, successor.id)) === undefined
    ) {
      throw refuse(`Only another active member of ${team.name} can become its MANAGER.`)
    }
    await teamsRepo.upsertMember(conn, { tenantId, teamId: team.id, userId: successor.id, role: 'MANAGER', addedAt: now })
  }
  return appointments.length
}

import { randomUUID } from 'node:crypto'
import { managesUsers } from '../../../shared/access'
import { type TeamDetail, type TeamRole } from '../../../shared/contract'
import { AppError, ErrorCode, ErrorReason } from '../../../shared/errors'
import { renderSignature } from '../../../shared/signature'
import type { Clock } from '../../clock'
import type { Db } from '../../db/store'
import type { Reader, Tx } from '../../db/types'
import { notFound } from '../access'
import { mutate } from '../audit/mutation'
import type { Actor } from '../auth/auth.service'
import type { OrganisationsService } from '../organisations/organisations.service'
import { findUserInTenant, usersByIds } from '../users/users.repository'
import * as repo from './teams.repository'

/** Those who manage users (ADMIN, SUPER_ADMIN) run every team. */
const isAdmin = (actor: Actor) => managesUsers(actor.role)

/** Names in the order the console lists people: case-insensitively, as SQL's lower() does. */
const compareNames = (a: string, b: string) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0)

/** A MANAGER may run their team, but only an ADMIN demotes or removes a MANAGER (themselves included). */
function requireAdminToUnseatManager(actor: Actor): void {
  if (!isAdmin(actor)) throw new AppError(ErrorCode.FORBIDDEN, 'Only an ADMIN can demote or remove a team MANAGER.')
}

/** Teams group agents for routing and signatures; they belong to the helpdesk feature. */
export function createTeamsService(db: Db, clock: Clock, organisations: Pick<OrganisationsService, 'requireFeature'>) {
  function canManage(actor: Actor, teamId: string): boolean {
    return isAdmin(actor) || repo.memberRole(db, teamId, actor.userId) === 'MANAGER'
  }

  /** A team's members with their names, by name. */
  function membersOf(teamId: string): TeamDetail['members'] {
    const members = repo.membersOf(db, teamId)
    const people = usersByIds(
      db,
      members.map((m) => m.userId),
    )
    return members
      .flatMap(({ userId, role }) => {
        const person = people.get(userId)
        return person ? [{ userId, name: person.name, email: person.email, active: person.active, role }] : []
      })
      .sort((a, b) => compareNames(a.name, b.name))
  }

  function detail(actor: Actor, team: repo.TeamRow): TeamDetail {
    return {
      id: team.id,
      name: team.name,
      description: team.description,
      signature: team.signature,
      members: membersOf(team.id),
      canManage: canManage(actor, team.id),
      canEdit: isAdmin(actor),
    }
  }

  function load(actor: Actor, id: string): repo.TeamRow {
    organisations.requireFeature(actor, 'helpdesk')
    const team = repo.findTeam(db, actor.actingTenantId, id)
    if (!team) throw notFound('That team')
    return team
  }

  /** Runs a change to one team: found in the tenant, allowed, audited in the same transaction. */
  function change(
    actor: Actor,
    teamId: string,
    action: string,
    target: string,
    who: 'admins' | 'managers',
    apply: (tx: Tx, team: repo.TeamRow) => void,
  ): TeamDetail {
    const team = load(actor, teamId)
    const allowed = who === 'admins' ? isAdmin(actor) : canManage(actor, team.id)
    if (!allowed) {
      throw new AppError(
        ErrorCode.FORBIDDEN,
        who === 'admins' ? 'Only an ADMIN can change this team.' : `Only an ADMIN or a MANAGER of ${team.name} can change it.`,
      )
    }
    mutate(db, clock, actor, action, (tx) => {
      apply(tx, team)
      return { target, value: undefined }
    })
    return detail(actor, repo.findTeam(db, actor.actingTenantId, teamId)!)
  }

  function checkName(tx: Reader, actor: Actor, name: string, exceptId?: string): void {
    const taken = repo.findTeamByName(tx, actor.actingTenantId, name, exceptId)
    if (taken) {
      throw new AppError(
        ErrorCode.CONFLICT,
        `There is already a team called ${taken.name}.`,
        { name: 'A team with this name exists' },
        { reason: ErrorReason.NAME_TAKEN, ids: { teamId: taken.id } },
      )
    }
  }

  return {
    list(actor: Actor) {
      organisations.requireFeature(actor, 'helpdesk')
      const members = repo.memberships(db, actor.actingTenantId)
      const names = usersByIds(
        db,
        members.filter((m) => m.role === 'MANAGER').map((m) => m.userId),
      )
      return repo.listTeams(db, actor.actingTenantId).map((team) => {
        const own = members.filter((m) => m.teamId === team.id)
        return {
          id: team.id,
          name: team.name,
          description: team.description,
          memberCount: own.length,
          managers: own.filter((m) => m.role === 'MANAGER').map((m) => ({ id: m.userId, name: names.get(m.userId)?.name ?? '' })),
        }
      })
    },

    get: (actor: Actor, id: string) => detail(actor, load(actor, id)),

    create(actor: Actor, input: { name: string; description: string }): TeamDetail {
      organisations.requireFeature(actor, 'helpdesk')
      if (!isAdmin(actor)) throw new AppError(ErrorCode.FORBIDDEN, 'Only an ADMIN can create teams.')
      const id = randomUUID()
      mutate(
        db,
        clock,
        actor,
        'teams.create',
        (tx) => {
          checkName(tx, actor, input.name)
          repo.insertTeam(tx, {
            id,
            tenantId: actor.actingTenantId,
            name: input.name,
            description: input.description,
            createdAt: clock.now(),
          })
          return { target: id, value: undefined }
        },
        { immediate: true },
      )
      return detail(actor, repo.findTeam(db, actor.actingTenantId, id)!)
    },

    update(actor: Actor, input: { id: string; name: string; description: string }): TeamDetail {
      return change(actor, input.id, 'teams.update', input.id, 'admins', (tx, team) => {
        checkName(tx, actor, input.name, team.id)
        repo.updateTeam(tx, team.id, { name: input.name, description: input.description })
      })
    },

    setMember(actor: Actor, input: { teamId: string; userId: string; role: TeamRole }): TeamDetail {
      return change(actor, input.teamId, 'teams.set-member', `${input.teamId} ${input.userId} ${input.role}`, 'managers', (tx, team) => {
        const user = findUserInTenant(tx, actor.actingTenantId, input.userId)
        if (!user) throw notFound('That user')
        const current = repo.memberRole(tx, team.id, user.id)
        if (!current && !user.active) {
          throw new AppError(ErrorCode.CONFLICT, `${user.name} is deactivated and cannot join a team.`, undefined, {
            reason: ErrorReason.USER_DEACTIVATED,
            ids: { userId: user.id },
          })
        }
        if (current === 'MANAGER' && input.role !== 'MANAGER') requireAdminToUnseatManager(actor)
        repo.upsertMember(tx, { tenantId: team.tenantId, teamId: team.id, userId: user.id, role: input.role, addedAt: clock.now() })
      })
    },

    removeMember(actor: Actor, input: { teamId: string; userId: string }): TeamDetail {
      return change(actor, input.teamId, 'teams.remove-member', `${input.teamId} ${input.userId}`, 'managers', (tx, team) => {
        const current = repo.memberRole(tx, team.id, input.userId)
        if (!current) throw notFound('That member')
        if (current === 'MANAGER') requireAdminToUnseatManager(actor)
        repo.deleteMember(tx, team.id, input.userId)
      })
    },

    setSignature(actor: Actor, input: { teamId: string; signature: string | null }): TeamDetail {
      return change(actor, input.teamId, 'teams.set-signature', input.teamId, 'managers', (tx, team) => {
        repo.updateTeam(tx, team.id, { signature: input.signature })
      })
    },

    /**
     * The footer of a public reply sent as a team by an agent: the team's signature with the
     * agent's, team's and organisation's values; empty when the team has none.
     */
    replyFooter(tenantId: string, teamId: string | null, agent: { name: string; email: string }, organisationName: string): string {
      if (!teamId) return ''
      const team = repo.findTeam(db, tenantId, teamId)
      if (!team?.signature) return ''
      return renderSignature(team.signature, {
        'agent.name': agent.name,
        'agent.email': agent.email,
        'team.name': team.name,
        'organisation.name': organisationName,
      })
    },
  }
}

export type TeamsService = ReturnType<typeof createTeamsService>

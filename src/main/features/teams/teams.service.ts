import { randomUUID } from 'node:crypto'
import { managesUsers } from '../../../shared/access'
import { type TeamDetail, type TeamRole } from '../../../shared/contract'
import { AppError, ErrorCode, ErrorReason } from '../../../shared/errors'
import { renderSignature } from '../../../shared/signature'
import type { Clock } from '../../clock'
import type { Conn, Engine } from '../../db/engine'
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
export function createTeamsService(engine: Engine, clock: Clock, organisations: Pick<OrganisationsService, 'requireFeature'>) {
  async function canManage(conn: Conn, actor: Actor, teamId: string): Promise<boolean> {
    return isAdmin(actor) || (await repo.memberRole(conn, teamId, actor.userId)) === 'MANAGER'
  }

  /** A team's members with their names, by name. */
  async function membersOf(conn: Conn, teamId: string): Promise<TeamDetail['members']> {
    const members = await repo.membersOf(conn, teamId)
    const people = await usersByIds(
      conn,
      members.map((m) => m.userId),
    )
    return members
      .flatMap(({ userId, role }) => {
        const person = people.get(userId)
        return person ? [{ userId, name: person.name, email: person.email, active: person.active, role }] : []
      })
      .sort((a, b) => compareNames(a.name, b.name))
  }

  function detail(actor: Actor, team: repo.TeamRow): Promise<TeamDetail> {
    return engine.read(async (conn) => ({
      id: team.id,
      name: team.name,
      description: team.description,
      signature: team.signature,
      members: await membersOf(conn, team.id),
      canManage: await canManage(conn, actor, team.id),
      canEdit: isAdmin(actor),
    }))
  }

  /** The team as it is now, after a change that found it. */
  const reload = async (actor: Actor, id: string) =>
    detail(actor, (await engine.read((conn) => repo.findTeam(conn, actor.actingTenantId, id)))!)

  async function load(actor: Actor, id: string): Promise<repo.TeamRow> {
    await organisations.requireFeature(actor, 'helpdesk')
    const team = await engine.read((conn) => repo.findTeam(conn, actor.actingTenantId, id))
    if (!team) throw notFound('That team')
    return team
  }

  /**
   * Runs a change to one team: found in the tenant, allowed, audited in the same transaction;
   * `immediate` for changes whose checks race (a name that must stay unique).
   */
  async function change(
    actor: Actor,
    teamId: string,
    action: string,
    target: string,
    who: 'admins' | 'managers',
    apply: (conn: Conn, team: repo.TeamRow) => Promise<void>,
    options: { immediate?: boolean } = {},
  ): Promise<TeamDetail> {
    const team = await load(actor, teamId)
    const allowed = who === 'admins' ? isAdmin(actor) : await engine.read((conn) => canManage(conn, actor, team.id))
    if (!allowed) {
      throw new AppError(
        ErrorCode.FORBIDDEN,
        who === 'admins' ? 'Only an ADMIN can change this team.' : `Only an ADMIN or a MANAGER of ${team.name} can change it.`,
      )
    }
    await mutate(
      engine,
      clock,
      actor,
      action,
      async (conn) => {
        await apply(conn, team)
        return { target, value: undefined }
      },
      options,
    )
    return reload(actor, teamId)
  }

  async function checkName(conn: Conn, actor: Actor, name: string, exceptId?: string): Promise<void> {
    const taken = await repo.findTeamByName(conn, actor.actingTenantId, name, exceptId)
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
    async list(actor: Actor) {
      await organisations.requireFeature(actor, 'helpdesk')
      const { members, names, teams } = await engine.read(async (conn) => {
        const members = await repo.memberships(conn, actor.actingTenantId)
        const names = await usersByIds(
          conn,
          members.filter((m) => m.role === 'MANAGER').map((m) => m.userId),
        )
        return { members, names, teams: await repo.listTeams(conn, actor.actingTenantId) }
      })
      return teams.map((team) => {
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

    get: async (actor: Actor, id: string) => detail(actor, await load(actor, id)),

    async create(actor: Actor, input: { name: string; description: string }): Promise<TeamDetail> {
      await organisations.requireFeature(actor, 'helpdesk')
      if (!isAdmin(actor)) throw new AppError(ErrorCode.FORBIDDEN, 'Only an ADMIN can create teams.')
      const id = randomUUID()
      await mutate(
        engine,
        clock,
        actor,
        'teams.create',
        async (conn) => {
          await checkName(conn, actor, input.name)
          await repo.insertTeam(conn, {
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
      return reload(actor, id)
    },

    update(actor: Actor, input: { id: string; name: string; description: string }): Promise<TeamDetail> {
      // Immediate, as create: two renames to one name must not both pass the check.
      return change(
        actor,
        input.id,
        'teams.update',
        input.id,
        'admins',
        async (conn, team) => {
          await checkName(conn, actor, input.name, team.id)
          await repo.updateTeam(conn, team.id, { name: input.name, description: input.description })
        },
        { immediate: true },
      )
    },

    setMember(actor: Actor, input: { teamId: string; userId: string; role: TeamRole }): Promise<TeamDetail> {
      const target = `${input.teamId} ${input.userId} ${input.role}`
      return change(actor, input.teamId, 'teams.set-member', target, 'managers', async (conn, team) => {
        const user = await findUserInTenant(conn, actor.actingTenantId, input.userId)
        if (!user) throw notFound('That user')
        const current = await repo.memberRole(conn, team.id, user.id)
        if (!current && !user.active) {
          throw new AppError(ErrorCode.CONFLICT, `${user.name} is deactivated and cannot join a team.`, undefined, {
            reason: ErrorReason.USER_DEACTIVATED,
            ids: { userId: user.id },
          })
        }
        if (current === 'MANAGER' && input.role !== 'MANAGER') requireAdminToUnseatManager(actor)
        await repo.upsertMember(conn, { tenantId: team.tenantId, teamId: team.id, userId: user.id, role: input.role, addedAt: clock.now() })
      })
    },

    removeMember(actor: Actor, input: { teamId: string; userId: string }): Promise<TeamDetail> {
      return change(actor, input.teamId, 'teams.remove-member', `${input.teamId} ${input.userId}`, 'managers', async (conn, team) => {
        const current = await repo.memberRole(conn, team.id, input.userId)
        if (!current) throw notFound('That member')
        if (current === 'MANAGER') requireAdminToUnseatManager(actor)
        await repo.deleteMember(conn, team.id, input.userId)
      })
    },

    setSignature(actor: Actor, input: { teamId: string; signature: string | null }): Promise<TeamDetail> {
      return change(actor, input.teamId, 'teams.set-signature', input.teamId, 'managers', (conn, team) =>
        repo.updateTeam(conn, team.id, { signature: input.signature }),
      )
    },

    /**
     * The footer of a public reply sent as a team by an agent: the team's signature with the
     * agent's, team's and organisation's values; empty when the team has none.
     */
    async replyFooter(
      tenantId: string,
      teamId: string | null,
      agent: { name: string; email: string },
      organisationName: string,
    ): Promise<string> {
      if (!teamId) return ''
      const team = await engine.read((conn) => repo.findTeam(conn, tenantId, teamId))
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

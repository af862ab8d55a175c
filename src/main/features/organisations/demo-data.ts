import { createHash, randomUUID } from 'node:crypto'
import { worksTickets } from '../../../shared/access'
import { Role } from '../../../shared/contract'
import { AppError, ErrorCode, ErrorReason } from '../../../shared/errors'
import type { Clock } from '../../clock'
import type { comments, invitations, teamMembers, teams, tickets, timeEntries, users } from '../../db/schema'
import type { Conn, Engine } from '../../db/engine'
import { hashToken, newToken } from '../../security/tokens'
import { notFound } from '../access'
import { mutate } from '../audit/mutation'
import type { Actor } from '../auth/auth.service'
import { countTickets, insertTicketsWithWork } from '../helpdesk/helpdesk.repository'
import { insertInvitations } from '../invitations/invitations.repository'
import { countTeams, insertTeamsWithMembers } from '../teams/teams.repository'
import { insertUsers } from '../users/users.repository'
import { findById, type OrganisationRow } from './organisations.repository'
import { seededFaker } from '../faker'

export interface DemoProgress {
  step: string
  done: number
  total: number
}

const DAY = 24 * 60 * 60 * 1000
const DEMO_ROLES = [Role.ADMIN, Role.ADMIN, Role.AGENT, Role.AGENT, Role.AGENT, Role.AGENT, Role.AGENT, Role.READ_ONLY] as const
const STATUSES = ['OPEN', 'OPEN', 'PENDING', 'RESOLVED', 'CLOSED'] as const
export const DEMO_SIZE = { users: 24, tickets: 80, comments: 200, timeEntries: 150 }
export const DEMO_TEAMS = [
  {
    name: 'Service Desk',
    description: 'First line: calls, email and the portal',
    signature: '{{agent.name}}\n{{team.name}} · {{organisation.name}}',
  },
  { name: 'Projects', description: 'Onboarding, migrations and planned changes', signature: null },
  {
    name: 'Escalations',
    description: 'Second line for outages and hard cases',
    signature: '{{agent.name}} ({{agent.email}})\n{{team.name}}',
  },
] as const

/** Lets the event loop breathe between chunks so progress reaches the window as it happens. */
const tick = () => new Promise<void>((resolve) => setImmediate(resolve))

type Rows<T extends { $inferInsert: unknown }> = T['$inferInsert'][]

/**
 * The organisation to fill, as it is now: it must exist, be a demo, and have no helpdesk data yet
 * (demo data is written once). Checked before preparing and again where the rows are written.
 */
export async function requireFillable(conn: Conn, id: string): Promise<OrganisationRow> {
  const org = await findById(conn, id)
  if (!org) throw notFound('That organisation')
  const ids = { organisationId: org.id }
  if (!org.isDemo) {
    throw new AppError(ErrorCode.CONFLICT, `${org.name} is not a demo organisation.`, undefined, { reason: ErrorReason.NOT_DEMO, ids })
  }
  if ((await countTickets(conn, org.id)) + (await countTeams(conn, org.id)) > 0) {
    throw new AppError(
      ErrorCode.CONFLICT,
      `${org.name} already has tickets or teams: demo data is added once, to a demo organisation without them.`,
      undefined,
      { reason: ErrorReason.DEMO_NOT_EMPTY, ids },
    )
  }
  return org
}

/**
 * Synthetic but realistic data for a demo tenancy, reproducible from the organisation's id:
 * users across roles, teams with managers and signatures, tickets routed to them with comments and
 * time entries, a pending and an expired invitation. Records are prepared chunk by chunk (reporting
 * progress), then written in one transaction with its audit row: a fill is all or nothing, and a
 * stopped or concurrent fill leaves no half-filled tenancy.
 */
export async function* fillDemoData(engine: Engine, clock: Clock, org: OrganisationRow, actor: Actor): AsyncGenerator<DemoProgress> {
  const faker = seededFaker(createHash('sha256').update(org.id).digest().readUInt32BE(0))
  const now = clock.now().getTime()
  const total = DEMO_SIZE.users + DEMO_TEAMS.length + DEMO_SIZE.tickets + DEMO_SIZE.comments + DEMO_SIZE.timeEntries + 2
  let done = 0
  const rows = {
    users: [] as Rows<typeof users>,
    teams: [] as Rows<typeof teams>,
    teamMembers: [] as Rows<typeof teamMembers>,
    tickets: [] as Rows<typeof tickets>,
    comments: [] as Rows<typeof comments>,
    timeEntries: [] as Rows<typeof timeEntries>,
    invitations: [] as Rows<typeof invitations>,
  }

  for (let i = 0; i < DEMO_SIZE.users; i++) {
    const first = faker.person.firstName()
    const last = faker.person.lastName()
    rows.users.push({
      id: randomUUID(),
      tenantId: org.id,
      name: `${first} ${last}`,
      // The slug keeps demo emails unique across the instance; .invalid never delivers.
      email: `${first}.${last}.${i}@${org.slug}.demo.invalid`.toLowerCase().replace(/[^a-z0-9.@-]/g, ''),
      role: DEMO_ROLES[i % DEMO_ROLES.length]!,
      active: i % 11 !== 10,
      passwordHash: null,
      lastSignInAt: i % 4 === 3 ? null : new Date(now - faker.number.int({ min: 1, max: 30 * DAY })),
      createdAt: new Date(now - faker.number.int({ min: 30 * DAY, max: 400 * DAY })),
    })
  }
  done += DEMO_SIZE.users
  yield { step: 'Users', done, total }
  await tick()

  const userIds = rows.users.map((u) => u.id!)
  const workers = rows.users.filter((u) => worksTickets(u.role)).map((u) => u.id!)
  // Each worker joins one team; the first to join a team manages it.
  const teamOf = new Map<string, string>()
  for (const team of DEMO_TEAMS) rows.teams.push({ id: randomUUID(), tenantId: org.id, ...team, createdAt: new Date(now - 400 * DAY) })
  workers.forEach((userId, i) => {
    const teamId = rows.teams[i % rows.teams.length]!.id!
    teamOf.set(userId, teamId)
    rows.teamMembers.push({
      tenantId: org.id,
      teamId,
      userId,
      role: i < rows.teams.length ? 'MANAGER' : 'MEMBER',
      addedAt: new Date(now - 300 * DAY),
    })
  })
  done += DEMO_TEAMS.length
  yield { step: 'Teams', done, total }
  await tick()

  for (let chunk = 0; chunk < DEMO_SIZE.tickets; chunk += 20) {
    for (let n = chunk; n < Math.min(chunk + 20, DEMO_SIZE.tickets); n++) {
      const assigneeId = faker.helpers.maybe(() => faker.helpers.arrayElement(workers), { probability: 0.85 }) ?? null
      rows.tickets.push({
        id: randomUUID(),
        tenantId: org.id,
        number: n + 1,
        subject: faker.helpers.arrayElement([
          `${faker.hacker.noun()} not responding on ${faker.internet.domainWord()}-srv`,
          `Cannot ${faker.hacker.verb()} the ${faker.hacker.noun()}`,
          `${faker.commerce.productName()} licence renewal`,
          `New starter: ${faker.person.fullName()}`,
        ]),
        status: faker.helpers.arrayElement(STATUSES),
        assigneeId,
        // Routed to the assignee's team; unassigned tickets wait in a team's queue.
        teamId: assigneeId ? teamOf.get(assigneeId)! : faker.helpers.arrayElement(rows.teams).id!,
        createdBy: faker.helpers.arrayElement(userIds),
        createdAt: new Date(now - faker.number.int({ min: 1, max: 90 * DAY })),
      })
    }
    done += Math.min(20, DEMO_SIZE.tickets - chunk)
    yield { step: 'Tickets', done, total }
    await tick()
  }

  const ticketIds = rows.tickets.map((t) => t.id!)
  for (const [size, step] of [
    [DEMO_SIZE.comments, 'Comments'],
    [DEMO_SIZE.timeEntries, 'Time entries'],
  ] as const) {
    for (let chunk = 0; chunk < size; chunk += 50) {
      for (let n = chunk; n < Math.min(chunk + 50, size); n++) {
        const ticketId = faker.helpers.arrayElement(ticketIds)
        const at = new Date(now - faker.number.int({ min: 1, max: 60 * DAY }))
        if (step === 'Comments') {
          rows.comments.push({
            id: randomUUID(),
            tenantId: org.id,
            ticketId,
            authorId: faker.helpers.arrayElement(workers),
            body: faker.lorem.sentences({ min: 1, max: 3 }),
            isPublic: faker.datatype.boolean(),
            createdAt: at,
          })
        } else {
          rows.timeEntries.push({
            id: randomUUID(),
            tenantId: org.id,
            ticketId,
            userId: faker.helpers.arrayElement(workers),
            minutes: faker.number.int({ min: 5, max: 240 }),
            note: faker.helpers.maybe(() => faker.hacker.phrase()) ?? null,
            createdAt: at,
          })
        }
      }
      done += Math.min(50, size - chunk)
      yield { step, done, total }
      await tick()
    }
  }

  for (const [label, sentAgo] of [
    ['pending', 1 * DAY],
    ['expired', 10 * DAY],
  ] as const) {
    rows.invitations.push({
      id: randomUUID(),
      tenantId: org.id,
      email: `${faker.internet
        .username()
        .toLowerCase()
        .replace(/[^a-z0-9.]/g, '')}.${label}@${org.slug}.demo.invalid`,
      role: Role.AGENT,
      // Nobody holds this link: demo invitations exist to be looked at, resent or revoked.
      tokenHash: hashToken(newToken()),
      invitedBy: userIds[0]!,
      createdAt: new Date(now - sentAgo),
      sentAt: new Date(now - sentAgo),
      expiresAt: new Date(now - sentAgo + 7 * DAY),
    })
  }

  await mutate(
    engine,
    clock,
    actor,
    'organisations.fill-demo',
    async (conn) => {
      // Checked again where it is written: another fill may have finished, or Demo been unset, meanwhile.
      await requireFillable(conn, org.id)
      await insertUsers(conn, rows.users)
      await insertTeamsWithMembers(conn, rows.teams, rows.teamMembers)
      await insertTicketsWithWork(conn, rows)
      await insertInvitations(conn, rows.invitations)
      return { target: org.id, value: undefined }
    },
    { immediate: true },
  )
  done += 2
  yield { step: 'Saved', done, total }
}

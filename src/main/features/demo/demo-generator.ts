import { worksTickets } from '../../../shared/access'
import { Role } from '../../../shared/contract'
import type { Feature } from '../../../shared/features'
import { renderSignature, signedReply } from '../../../shared/signature'
import type { comments, invitations, organisations, teamMembers, teams, tickets, timeEntries, users } from '../../db/schema'
import { hashToken } from '../../security/tokens'
import * as text from './demo-content'
import { seededFaker } from '../faker'

type Rows<T extends { $inferInsert: unknown }> = T['$inferInsert'][]

/** Every row of a demo store, and whom the prospect signs in as. */
export interface DemoRows {
  organisations: Rows<typeof organisations>
  users: Rows<typeof users>
  teams: Rows<typeof teams>
  teamMembers: Rows<typeof teamMembers>
  tickets: Rows<typeof tickets>
  comments: Rows<typeof comments>
  timeEntries: Rows<typeof timeEntries>
  invitations: Rows<typeof invitations>
  adminUserId: string
}

const HOUR = 60 * 60 * 1000
const DAY = 24 * HOUR
/** Tickets are spread over this many days before the anchor: months of history. */
const HISTORY_DAYS = 180

const slugify = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40)
    .replace(/-$/, '')

interface TenantPlan {
  name: string
  users: number
  tickets: number
  teams: number
  features: Feature[] | null
  operator: boolean
}

/**
 * The one-click demo, as rows: the operator's organisation (the Admin Tenant, where the prospect is
 * a SUPER_ADMIN and a MANAGER of its Service Desk) and the customer tenancies of demo-content.ts.
 * A pure function of the seed and the anchor (the moment the dates count back from): the same two
 * give the same rows, ids included. Every email is at `<slug>.example`, a reserved domain.
 */
export function generateDemo(seed: number, anchor: Date): DemoRows {
  const faker = seededFaker(seed)
  const now = anchor.getTime()
  const ago = (ms: number) => new Date(now - ms)
  const pick = <T>(list: readonly T[]): T => faker.helpers.arrayElement(list)
  const rows: DemoRows = {
    organisations: [],
    users: [],
    teams: [],
    teamMembers: [],
    tickets: [],
    comments: [],
    timeEntries: [],
    invitations: [],
    adminUserId: '',
  }
  const fill = (template: string) =>
    template
      .replace('{person}', () => faker.person.fullName())
      .replace('{n}', () => String(faker.number.int({ min: 2, max: 40 })))
      .replace('{floor}', () => pick(text.FLOORS))
      .replace('{dept}', () => pick(text.DEPARTMENTS))
      .replace('{device}', () => pick(text.DEVICES))
      .replace('{product}', () => pick(text.PRODUCTS))
      .replace('{room}', () => `${faker.number.int({ min: 1, max: 4 })}.${faker.number.int({ min: 1, max: 12 })}`)
      .replace('{server}', () => `SRV-${pick(text.DEPARTMENTS).slice(0, 3).toUpperCase()}0${faker.number.int({ min: 1, max: 9 })}`)
      .replace('{when}', () => pick(text.WHEN))
      .replace('{day}', () => pick(text.DAYS))
      .replace('{case}', () => faker.string.numeric(8))

  const plans: TenantPlan[] = [
    { name: `${faker.person.lastName()} Managed Services`, ...text.DEMO_OPERATOR, features: null, operator: true },
    ...text.DEMO_TENANCIES.map((t) => ({ name: faker.company.name(), ...t, operator: false })),
  ]
  const slugs = new Set<string>()
  for (const plan of plans) {
    let slug = slugify(plan.name)
    for (let n = 2; slugs.has(slug); n++) slug = `${slugify(plan.name)}-${n}`
    slugs.add(slug)
    const orgId = faker.string.uuid()
    rows.organisations.push({
      id: orgId,
      name: plan.name,
      slug,
      isAdminTenant: plan.operator,
      // The operator's organisation is synthetic too: its mail links show in the Outbox like the others'.
      isDemo: true,
      featuresEnabled: plan.features ? JSON.stringify(plan.features) : null,
      createdAt: ago(faker.number.int({ min: 400, max: 900 }) * DAY),
    })
    tenant(orgId, plan, slug)
  }
  return rows

  function tenant(orgId: string, plan: TenantPlan, slug: string): void {
    const emails = new Set<string>()
    const email = (first: string, last: string) => {
      const local = `${first}.${last}`.toLowerCase().replace(/[^a-z0-9.]/g, '')
      let address = `${local}@${slug}.example`
      for (let n = 2; emails.has(address); n++) address = `${local}${n}@${slug}.example`
      emails.add(address)
      return address
    }
    const people: (typeof users.$inferInsert & { id: string })[] = []
    for (let i = 0; i < plan.users; i++) {
      const first = faker.person.firstName()
      const last = faker.person.lastName()
      // The operator: the prospect and a colleague are SUPER_ADMINs. Everywhere: an ADMIN first,
      // then mostly AGENTs, some READ_ONLY; about one in ten has left (deactivated, history kept).
      const role =
        plan.operator && i < 2 ? Role.SUPER_ADMIN : i === 0 || i % 7 === 3 ? Role.ADMIN : i % 4 === 1 ? Role.READ_ONLY : Role.AGENT
      const active = i === 0 || i % 9 !== 5
      people.push({
        id: faker.string.uuid(),
        tenantId: orgId,
        email: email(first, last),
        name: `${first} ${last}`,
        role,
        active,
        passwordHash: null,
        lastSignInAt: active ? ago(faker.number.int({ min: 1, max: 14 * 24 }) * HOUR) : ago(faker.number.int({ min: 60, max: 150 }) * DAY),
        createdAt: ago(faker.number.int({ min: 200, max: 700 }) * DAY),
      })
    }
    rows.users.push(...people)
    if (plan.operator) rows.adminUserId = people[0]!.id

    // Teams: every ticket worker joins one; the first (the prospect, in the operator's) manages it.
    const workers = people.filter((p) => worksTickets(p.role))
    const teamIds: string[] = []
    const membersOf = new Map<string, typeof people>()
    for (const team of text.DEMO_TEAMS.slice(0, plan.teams)) {
      const id = faker.string.uuid()
      teamIds.push(id)
      membersOf.set(id, [])
      rows.teams.push({ id, tenantId: orgId, ...team, createdAt: ago(faker.number.int({ min: 300, max: 400 }) * DAY) })
    }
    workers.forEach((person, i) => {
      if (teamIds.length === 0) return
      const teamId = teamIds[i % teamIds.length]!
      const first = i < teamIds.length
      membersOf.get(teamId)!.push(person)
      rows.teamMembers.push({
        tenantId: orgId,
        teamId,
        userId: person.id,
        role: first || i % 8 === 4 ? 'MANAGER' : 'MEMBER',
        addedAt: ago(faker.number.int({ min: 150, max: 300 }) * DAY),
      })
    })

    const signatureOf = (teamId: string | null, author: (typeof people)[number]) => {
      const team = rows.teams.find((t) => t.id === teamId)
      if (!team?.signature || !membersOf.get(team.id)?.includes(author)) return null
      return renderSignature(team.signature, {
        'agent.name': author.name,
        'agent.email': author.email,
        'team.name': team.name,
        'organisation.name': plan.name,
      })
    }

    // A third of the tickets came in the last two weeks (the open work); the rest over months.
    // Numbered in the order they came in, as a helpdesk numbers them.
    const openedAgo = Array.from({ length: plan.tickets }, (_, i) =>
      faker.number.int({ min: 2 * HOUR, max: (i % 3 === 0 ? 14 : HISTORY_DAYS) * DAY }),
    ).sort((a, b) => b - a)
    for (let n = 1; n <= plan.tickets; n++) {
      const opened = openedAgo[n - 1]!
      const old = opened > 21 * DAY
      const status = old ? pick(['RESOLVED', 'CLOSED', 'CLOSED'] as const) : pick(['OPEN', 'OPEN', 'PENDING', 'RESOLVED'] as const)
      const teamId = teamIds.length && faker.datatype.boolean(0.9) ? pick(teamIds) : null
      const pool = teamId ? membersOf.get(teamId)! : workers
      // Open work goes to someone still here; people who left keep their old tickets.
      const candidates = old ? pool : pool.filter((p) => p.active)
      const assignee = candidates.length && (old || faker.datatype.boolean(0.8)) ? pick(candidates) : null
      const requester = pick(people)
      const ticketId = faker.string.uuid()
      rows.tickets.push({
        id: ticketId,
        tenantId: orgId,
        number: n,
        subject: fill(pick(text.SUBJECTS)),
        status,
        assigneeId: assignee?.id ?? null,
        teamId,
        createdBy: requester.id,
        createdAt: ago(opened),
      })
      // The thread: the request, then replies, notes and follow-ups, hours to days apart.
      let at = opened - faker.number.int({ min: 1, max: 20 }) * 60_000
      const say = (author: (typeof people)[number], body: string, isPublic: boolean) => {
        if (at <= 0) return
        const signed = isPublic && author !== requester ? signedReply(body, signatureOf(teamId, author)) : body
        rows.comments.push({
          id: faker.string.uuid(),
          tenantId: orgId,
          ticketId,
          authorId: author.id,
          body: signed,
          isPublic,
          createdAt: ago(at),
        })
        at -= faker.number.int({ min: 1, max: old ? 48 : 6 }) * HOUR
      }
      const agent = assignee ?? (pool.length ? pick(pool) : null)
      say(requester, fill(pick(text.OPENINGS)), true)
      if (!agent) continue
      say(agent, fill(pick(text.AGENT_REPLIES)), true)
      if (faker.datatype.boolean(0.6)) say(agent, fill(pick(text.INTERNAL_NOTES)), false)
      if (faker.datatype.boolean(0.7)) say(requester, fill(pick(text.REQUESTER_FOLLOW_UPS)), true)
      if (status === 'RESOLVED' || status === 'CLOSED') say(agent, pick(text.CLOSINGS), true)
      for (let e = faker.number.int({ min: status === 'OPEN' ? 0 : 1, max: 3 }); e > 0; e--) {
        rows.timeEntries.push({
          id: faker.string.uuid(),
          tenantId: orgId,
          ticketId,
          userId: agent.id,
          minutes: pick([10, 15, 20, 30, 45, 60, 90, 120]),
          note: pick(text.TIME_NOTES),
          createdAt: ago(faker.number.int({ min: Math.max(1, Math.min(opened, at)), max: opened })),
        })
      }
    }

    // Invitations: pending ones (sent days ago, still valid for 7 days) and one that expired unanswered.
    const inviter = people[0]!
    for (const [sentDaysAgo, count] of [
      [faker.number.int({ min: 1, max: 5 }), plan.operator ? 1 : 2],
      [faker.number.int({ min: 10, max: 40 }), 1],
    ] as const) {
      for (let i = 0; i < count; i++) {
        const sent = ago(sentDaysAgo * DAY + i * HOUR)
        rows.invitations.push({
          id: faker.string.uuid(),
          tenantId: orgId,
          email: email(faker.person.firstName(), faker.person.lastName()),
          role: pick([Role.AGENT, Role.AGENT, Role.READ_ONLY]),
          // Nobody holds this link: demo invitations are there to be seen, resent or revoked.
          tokenHash: hashToken(faker.string.alphanumeric(43)),
          invitedBy: inviter.id,
          createdAt: sent,
          sentAt: sent,
          expiresAt: new Date(sent.getTime() + 7 * DAY),
        })
      }
    }
  }
}

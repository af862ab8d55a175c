import { createHash, randomUUID } from 'node:crypto'
import { Faker, base, en } from '@faker-js/faker'
import { count, eq } from 'drizzle-orm'
import { AppError, ErrorCode } from '../../../shared/errors'
import type { Clock } from '../../clock'
import { comments, invitations, tickets, timeEntries, users } from '../../db/schema'
import type { Db } from '../../db/store'
import { hashToken, newToken } from '../../security/tokens'
import { auditActor } from '../access'
import { AuditResult, writeAudit } from '../audit/audit.repository'
import type { Actor } from '../auth/auth.service'
import type { OrganisationRow } from './organisations.repository'

export interface DemoProgress {
  step: string
  done: number
  total: number
}

const DAY = 24 * 60 * 60 * 1000
const ROLES = ['ADMIN', 'ADMIN', 'AGENT', 'AGENT', 'AGENT', 'AGENT', 'AGENT', 'READ_ONLY'] as const
const STATUSES = ['OPEN', 'OPEN', 'PENDING', 'RESOLVED', 'CLOSED'] as const
export const DEMO_SIZE = { users: 24, tickets: 80, comments: 200, timeEntries: 150 }

/** Lets the event loop breathe between chunks so progress reaches the window as it happens. */
const tick = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * Synthetic but realistic data for a demo tenancy, reproducible from the organisation's id:
 * users across roles, tickets with comments and time entries, a pending and an expired invitation.
 */
export async function* fillDemoData(db: Db, clock: Clock, org: OrganisationRow, actor: Actor): AsyncGenerator<DemoProgress> {
  const existing = db.select({ n: count() }).from(tickets).where(eq(tickets.tenantId, org.id)).get()?.n ?? 0
  if (existing > 0) throw new AppError(ErrorCode.CONFLICT, `${org.name} already has demo data.`)
  const faker = new Faker({ locale: [en, base] })
  faker.seed(createHash('sha256').update(org.id).digest().readUInt32BE(0))
  const now = clock.now().getTime()
  const total = DEMO_SIZE.users + DEMO_SIZE.tickets + DEMO_SIZE.comments + DEMO_SIZE.timeEntries + 2
  let done = 0

  const userIds: string[] = []
  db.transaction((tx) => {
    for (let i = 0; i < DEMO_SIZE.users; i++) {
      const first = faker.person.firstName()
      const last = faker.person.lastName()
      const id = randomUUID()
      userIds.push(id)
      tx.insert(users)
        .values({
          id,
          tenantId: org.id,
          name: `${first} ${last}`,
          // The slug keeps demo emails unique across the instance; .invalid never delivers.
          email: `${first}.${last}.${i}@${org.slug}.demo.invalid`.toLowerCase().replace(/[^a-z0-9.@-]/g, ''),
          role: ROLES[i % ROLES.length]!,
          active: i % 11 !== 10,
          passwordHash: null,
          lastSignInAt: i % 4 === 3 ? null : new Date(now - faker.number.int({ min: 1, max: 30 * DAY })),
          createdAt: new Date(now - faker.number.int({ min: 30 * DAY, max: 400 * DAY })),
        })
        .run()
    }
  })
  done += DEMO_SIZE.users
  yield { step: 'Users', done, total }
  await tick()

  const workers = userIds.filter((_, i) => ROLES[i % ROLES.length] !== 'READ_ONLY')
  const ticketIds: string[] = []
  for (let chunk = 0; chunk < DEMO_SIZE.tickets; chunk += 20) {
    db.transaction((tx) => {
      for (let n = chunk; n < Math.min(chunk + 20, DEMO_SIZE.tickets); n++) {
        const id = randomUUID()
        ticketIds.push(id)
        tx.insert(tickets)
          .values({
            id,
            tenantId: org.id,
            number: n + 1,
            subject: faker.helpers.arrayElement([
              `${faker.hacker.noun()} not responding on ${faker.internet.domainWord()}-srv`,
              `Cannot ${faker.hacker.verb()} the ${faker.hacker.noun()}`,
              `${faker.commerce.productName()} licence renewal`,
              `New starter: ${faker.person.fullName()}`,
            ]),
            status: faker.helpers.arrayElement(STATUSES),
            assigneeId: faker.helpers.maybe(() => faker.helpers.arrayElement(workers), { probability: 0.85 }) ?? null,
            createdBy: faker.helpers.arrayElement(userIds),
            createdAt: new Date(now - faker.number.int({ min: 1, max: 90 * DAY })),
          })
          .run()
      }
    })
    done += Math.min(20, DEMO_SIZE.tickets - chunk)
    yield { step: 'Tickets', done, total }
    await tick()
  }

  for (const [size, step] of [
    [DEMO_SIZE.comments, 'Comments'],
    [DEMO_SIZE.timeEntries, 'Time entries'],
  ] as const) {
    for (let chunk = 0; chunk < size; chunk += 50) {
      db.transaction((tx) => {
        for (let n = chunk; n < Math.min(chunk + 50, size); n++) {
          const ticketId = faker.helpers.arrayElement(ticketIds)
          const at = new Date(now - faker.number.int({ min: 1, max: 60 * DAY }))
          if (step === 'Comments') {
            tx.insert(comments)
              .values({ id: randomUUID(), tenantId: org.id, ticketId, authorId: faker.helpers.arrayElement(workers), body: faker.lorem.sentences({ min: 1, max: 3 }), isPublic: faker.datatype.boolean(), createdAt: at })
              .run()
          } else {
            tx.insert(timeEntries)
              .values({ id: randomUUID(), tenantId: org.id, ticketId, userId: faker.helpers.arrayElement(workers), minutes: faker.number.int({ min: 5, max: 240 }), note: faker.helpers.maybe(() => faker.hacker.phrase()) ?? null, createdAt: at })
              .run()
          }
        }
      })
      done += Math.min(50, size - chunk)
      yield { step, done, total }
      await tick()
    }
  }

  db.transaction((tx) => {
    const inviter = userIds[0]!
    for (const [label, sentAgo] of [
      ['pending', 1 * DAY],
      ['expired', 10 * DAY],
    ] as const) {
      tx.insert(invitations)
        .values({
          id: randomUUID(),
          tenantId: org.id,
          email: `${faker.internet.username().toLowerCase().replace(/[^a-z0-9.]/g, '')}.${label}@${org.slug}.demo.invalid`,
          role: 'AGENT',
          // Nobody holds this link: demo invitations exist to be looked at, resent or revoked.
          tokenHash: hashToken(newToken()),
          invitedBy: inviter,
          createdAt: new Date(now - sentAgo),
          sentAt: new Date(now - sentAgo),
          expiresAt: new Date(now - sentAgo + 7 * DAY),
        })
        .run()
    }
    writeAudit(tx, clock, { ...auditActor(actor), action: 'organisations.fill-demo', target: org.id, result: AuditResult.OK })
  })
  done += 2
  yield { step: 'Invitations', done, total }
}

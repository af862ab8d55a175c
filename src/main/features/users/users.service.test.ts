import { randomUUID } from 'node:crypto'
import { expect, it } from 'vitest'
import { ErrorCode } from '../../../shared/errors'
import { backendOn, describeEngines } from '../../../../tests/support/engines'
import { failure } from '../../../../tests/support/failure'
import { useMailCapture } from '../../../../tests/support/mail-capture'
import { PASSWORD, seedOperator, seedTenant, seedUser } from '../../../../tests/support/seed'
import type { Backend } from '../../backend'
import { RESET_LINK_EXPIRED, RESET_LINK_INVALID, SIGN_IN_FAILED } from '../auth/auth.service'
import { insertUsers } from './users.repository'
import { RESET_TTL_MS } from './users.service'

const sent = useMailCapture()

const auditRows = (b: Backend) => b.engine.read(({ db, t }) => db.select().from(t.auditLog).orderBy(t.auditLog.id))
const ids = (rows: { id: string }[]) => rows.map((u) => u.id)

describeEngines('editing and deactivating users', (engine) => {
  it('changes a role and writes one audit row', async () => {
    const backend = await backendOn(engine, sent.config())
    const op = await seedOperator(backend)
    const agent = await seedUser(backend, op.tenantId, 'AGENT', 'Al Agent')
    const before = (await auditRows(backend)).length
    const updated = await backend.services.users.update(op.actor, { id: agent.id, role: 'ADMIN' })
    expect(updated.role).toBe('ADMIN')
    const rows = (await auditRows(backend)).slice(before)
    expect(rows).toMatchObject([
      { action: 'users.update', actorUserId: op.userId, actingTenantId: op.tenantId, target: `${agent.id} (role AGENT→ADMIN)` },
    ])
  })

  it('deactivation ends sessions at once, kills reset links, refuses sign-in generically, and keeps history', async () => {
    const backend = await backendOn(engine, sent.config())
    const op = await seedOperator(backend)
    const agent = await seedUser(backend, op.tenantId, 'AGENT', 'Al Agent')
    const ticketId = randomUUID()
    await backend.engine.transaction(async ({ db, t }) => {
      await db.insert(t.tickets).values({
        id: ticketId,
        tenantId: op.tenantId,
        number: 1,
        subject: 'Printer on fire',
        status: 'OPEN',
        assigneeId: agent.id,
        createdBy: op.userId,
        createdAt: new Date(),
      })
      await db.insert(t.comments).values({
        id: randomUUID(),
        tenantId: op.tenantId,
        ticketId,
        authorId: agent.id,
        body: 'Extinguisher deployed',
        createdAt: new Date(),
      })
      await db
        .insert(t.timeEntries)
        .values({ id: randomUUID(), tenantId: op.tenantId, ticketId, userId: agent.id, minutes: 45, createdAt: new Date() })
    })
    await backend.services.users.sendPasswordReset(op.actor, agent.id)
    const { token: resetToken } = sent.last()

    const after = await backend.services.users.update(op.actor, { id: agent.id, active: false })
    expect(after.active).toBe(false)
    expect(await backend.services.auth.resolve(agent.token)).toBeNull()
    expect((await failure(() => backend.services.auth.signIn(agent.email, PASSWORD))).message).toBe(SIGN_IN_FAILED)
    expect((await failure(() => backend.services.auth.inspectReset(resetToken, 'test'))).message).toBe(RESET_LINK_INVALID)
    expect(ids(await backend.services.users.assignable(op.actor))).not.toContain(agent.id)
    expect(after.history.tickets).toMatchObject([{ number: 1, subject: 'Printer on fire', relation: 'assigned' }])
    expect(after.history.comments).toMatchObject([{ ticketNumber: 1, excerpt: 'Extinguisher deployed' }])
    expect(after.history.totalMinutes).toBe(45)

    await backend.services.users.update(op.actor, { id: agent.id, active: true })
    await expect(backend.services.auth.signIn(agent.email, PASSWORD)).resolves.toBeTruthy()
    expect(ids(await backend.services.users.assignable(op.actor))).toContain(agent.id)
  })

  it('refuses changes to oneself, and SUPER_ADMIN changes by an ADMIN', async () => {
    const backend = await backendOn(engine, sent.config())
    const op = await seedOperator(backend)
    expect((await failure(() => backend.services.users.update(op.actor, { id: op.userId, active: false }))).code).toBe(ErrorCode.FORBIDDEN)
    expect((await failure(() => backend.services.users.update(op.actor, { id: op.userId, role: 'ADMIN' }))).code).toBe(ErrorCode.FORBIDDEN)
    const admin = await seedUser(backend, op.tenantId, 'ADMIN', 'Ann Admin')
    expect((await failure(() => backend.services.users.update(admin.actor, { id: op.userId, role: 'AGENT' }))).code).toBe(
      ErrorCode.FORBIDDEN,
    )
    const agent = await seedUser(backend, op.tenantId, 'AGENT', 'Al Agent')
    expect((await failure(() => backend.services.users.update(admin.actor, { id: agent.id, role: 'SUPER_ADMIN' }))).code).toBe(
      ErrorCode.FORBIDDEN,
    )
  })

  it('keeps the last active SUPER_ADMIN when two demote each other at once', async () => {
    const backend = await backendOn(engine, sent.config())
    const op = await seedOperator(backend)
    const sam = await seedUser(backend, op.tenantId, 'SUPER_ADMIN', 'Sam Super')
    // Both requests were authorised before either ran.
    await backend.services.users.update(op.actor, { id: sam.id, role: 'ADMIN' })
    const error = await failure(() => backend.services.users.update(sam.actor, { id: op.userId, active: false }))
    expect([error.code, error.reason, error.ids]).toEqual([ErrorCode.CONFLICT, 'LAST_SUPER_ADMIN', { userId: op.userId }])
    expect(error.message).toMatch(/last active SUPER_ADMIN/)
    expect(await backend.services.users.get(op.actor, op.userId)).toMatchObject({ role: 'SUPER_ADMIN', active: true })
  })

  it('keeps the last active SUPER_ADMIN when both demotions run concurrently', async () => {
    const backend = await backendOn(engine, sent.config())
    const op = await seedOperator(backend)
    const sam = await seedUser(backend, op.tenantId, 'SUPER_ADMIN', 'Sam Super')
    const outcomes = await Promise.allSettled([
      backend.services.users.update(op.actor, { id: sam.id, role: 'ADMIN' }),
      backend.services.users.update(sam.actor, { id: op.userId, active: false }),
    ])
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as { code: string; reason: string }] : []))
    expect(refused.map((e) => [e.code, e.reason])).toEqual([[ErrorCode.CONFLICT, 'LAST_SUPER_ADMIN']])
    const left = await backend.services.users.list(op.actor, { role: 'SUPER_ADMIN', status: 'active' })
    expect([left.items.length, left.total]).toEqual([1, 1])
  })

  it("lets only a SUPER_ADMIN reset a SUPER_ADMIN, and keeps that mail out of ADMINs' Outbox", async () => {
    const backend = await backendOn(engine)
    const op = await seedOperator(backend)
    const admin = await seedUser(backend, op.tenantId, 'ADMIN', 'Ann Admin')
    const root = await seedUser(backend, op.tenantId, 'SUPER_ADMIN', 'Sam Super')
    const byAdmin = await failure(() => backend.services.users.sendPasswordReset(admin.actor, root.id))
    expect(byAdmin.code).toBe(ErrorCode.FORBIDDEN)
    expect(await backend.services.outbox.list(op.actor)).toHaveLength(0)

    // Without a mail server both are recorded as not sent (and refused as such).
    expect((await failure(() => backend.services.users.sendPasswordReset(op.actor, root.id))).reason).toBe('EMAIL_NOT_CONFIGURED')
    expect((await failure(() => backend.services.users.sendPasswordReset(admin.actor, admin.id))).reason).toBe('EMAIL_NOT_CONFIGURED')
    expect((await backend.services.outbox.list(op.actor)).map((m) => m.to).sort()).toEqual([admin.email, root.email].sort())
    expect((await backend.services.outbox.list(admin.actor)).map((m) => m.to)).toEqual([admin.email])
  })

  it('kills a reset link sent before a promotion to SUPER_ADMIN', async () => {
    const backend = await backendOn(engine, sent.config())
    const op = await seedOperator(backend)
    const admin = await seedUser(backend, op.tenantId, 'ADMIN', 'Ann Admin')
    const bob = await seedUser(backend, op.tenantId, 'ADMIN', 'Bob Admin')
    await backend.services.users.sendPasswordReset(admin.actor, bob.id)
    const { token } = sent.last()
    await backend.services.users.update(op.actor, { id: bob.id, role: 'SUPER_ADMIN' })
    expect((await failure(() => backend.services.auth.resetPassword(token, 'ann now owns bob', 'test'))).message).toBe(RESET_LINK_INVALID)
    expect((await failure(() => backend.services.auth.signIn(bob.email, 'ann now owns bob'))).message).toBe(SIGN_IN_FAILED)
  })

  it('grants SUPER_ADMIN only inside the Admin Tenant', async () => {
    const backend = await backendOn(engine, sent.config())
    await seedOperator(backend)
    const tenantB = await seedTenant(backend, 'Contoso', 'contoso')
    const superInB = await seedUser(backend, tenantB, 'SUPER_ADMIN', 'Odd Super')
    const agentB = await seedUser(backend, tenantB, 'AGENT', 'Al Agent')
    const error = await failure(() => backend.services.users.update(superInB.actor, { id: agentB.id, role: 'SUPER_ADMIN' }))
    expect([error.code, error.fields?.role]).toEqual([ErrorCode.VALIDATION, 'Not available in this organisation'])
  })
})

describeEngines('password reset', (engine) => {
  it('sends a link valid for exactly 1 hour that works once and ends all sessions', async () => {
    const backend = await backendOn(engine, sent.config())
    const op = await seedOperator(backend)
    const agent = await seedUser(backend, op.tenantId, 'AGENT', 'Al Agent')
    const delivery = await backend.services.users.sendPasswordReset(op.actor, agent.id)
    expect(delivery).toEqual({ to: agent.email, via: 'smtp' })
    const { token, mail } = sent.last()
    expect(mail.subject).toBe('Reset your Switchboard password')

    backend.clock.advance(RESET_TTL_MS - 1000)
    expect(await backend.services.auth.inspectReset(token, 'test')).toEqual({ email: agent.email })
    await backend.services.auth.resetPassword(token, 'a brand new password', 'test')
    expect(await backend.services.auth.resolve(agent.token)).toBeNull()
    await expect(backend.services.auth.signIn(agent.email, 'a brand new password')).resolves.toBeTruthy()
    expect((await failure(() => backend.services.auth.resetPassword(token, 'yet another password', 'test'))).message).toBe(
      RESET_LINK_INVALID,
    )
    // Hashes at rest: the token itself is nowhere in the table.
    const resets = await backend.engine.read(({ db, t }) => db.select().from(t.passwordResets))
    expect(JSON.stringify(resets)).not.toContain(token)
  })

  it('refuses a link 1 second past its hour', async () => {
    const backend = await backendOn(engine, sent.config())
    const op = await seedOperator(backend)
    const agent = await seedUser(backend, op.tenantId, 'AGENT', 'Al Agent')
    await backend.services.users.sendPasswordReset(op.actor, agent.id)
    const { token } = sent.last()
    backend.clock.advance(RESET_TTL_MS + 1000)
    const error = await failure(() => backend.services.auth.resetPassword(token, 'a brand new password', 'test'))
    expect([error.code, error.message]).toEqual([ErrorCode.EXPIRED, RESET_LINK_EXPIRED])
    await expect(backend.services.auth.signIn(agent.email, PASSWORD)).resolves.toBeTruthy()
  })

  it('a new reset kills the previous link; two concurrent uses succeed once', async () => {
    const backend = await backendOn(engine, sent.config())
    const op = await seedOperator(backend)
    const agent = await seedUser(backend, op.tenantId, 'AGENT', 'Al Agent')
    await backend.services.users.sendPasswordReset(op.actor, agent.id)
    const first = sent.last().token
    await backend.services.users.sendPasswordReset(op.actor, agent.id)
    const second = sent.last().token
    expect((await failure(() => backend.services.auth.inspectReset(first, 'test'))).message).toBe(RESET_LINK_INVALID)
    const outcomes = await Promise.allSettled([
      backend.services.auth.resetPassword(second, 'first new password', 'test'),
      backend.services.auth.resetPassword(second, 'second new password', 'test'),
    ])
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1)
  })
})

describeEngines('tenant isolation', (engine) => {
  it("answers NOT_FOUND to an ADMIN of tenant B for tenant A's users, and changes nothing", async () => {
    const backend = await backendOn(engine, sent.config())
    const op = await seedOperator(backend)
    const agentA = await seedUser(backend, op.tenantId, 'AGENT', 'Al Agent')
    const tenantB = await seedTenant(backend, 'Contoso', 'contoso')
    const adminB = await seedUser(backend, tenantB, 'ADMIN', 'Bea Admin')
    for (const run of [
      () => backend.services.users.get(adminB.actor, agentA.id),
      () => backend.services.users.update(adminB.actor, { id: agentA.id, active: false }),
      () => backend.services.users.sendPasswordReset(adminB.actor, agentA.id),
    ]) {
      expect((await failure(run)).code).toBe(ErrorCode.NOT_FOUND)
    }
    expect((await backend.services.users.list(adminB.actor, {})).items.map((u) => u.name)).toEqual(['Bea Admin'])
    expect((await backend.services.users.assignable(adminB.actor)).map((u) => u.name)).toEqual(['Bea Admin'])
    expect((await backend.services.users.get(op.actor, agentA.id)).active).toBe(true)
  })
})

describeEngines('users list', (engine) => {
  it('pages through every user exactly once in each sort and direction, with search and filters', async () => {
    const backend = await backendOn(engine, sent.config())
    const op = await seedOperator(backend)
    const rows = Array.from({ length: 137 }, (_, i) => ({
      id: randomUUID(),
      tenantId: op.tenantId,
      email: `user${String(i).padStart(3, '0')}@example.test`,
      name: `User ${i % 40}`,
      role: i % 3 === 0 ? ('ADMIN' as const) : ('AGENT' as const),
      active: i % 5 !== 0,
      lastSignInAt: i % 2 ? new Date(1_700_000_000_000 + (i % 7) * 1000) : null,
      createdAt: new Date(),
    }))
    await backend.engine.transaction((conn) => insertUsers(conn, rows))
    const list = (input: Parameters<Backend['services']['users']['list']>[1]) => backend.services.users.list(op.actor, input)
    for (const sort of ['name', 'email', 'role', 'lastSignIn'] as const) {
      for (const direction of ['asc', 'desc'] as const) {
        const seen: string[] = []
        const keys: string[] = []
        let cursor: string | undefined
        let pages = 0
        do {
          const page = await list({ sort, direction, limit: 25, cursor })
          expect(page.total).toBe(cursor ? null : 138)
          seen.push(...page.items.map((u) => u.id))
          keys.push(...page.items.map((u) => `${u.name}|${u.email}|${u.role}|${u.lastSignInAt?.getTime() ?? -1}`))
          cursor = page.nextCursor ?? undefined
          pages++
        } while (cursor)
        expect(pages).toBe(6)
        expect(new Set(seen).size).toBe(138)
        // In the sort's order (SQLite's: lower-cased ASCII, then by code unit; never signed in first).
        const key = (k: string) => {
          const [name, email, role, ms] = k.split('|') as [string, string, string, string]
          return { name: name.toLowerCase(), email: email.toLowerCase(), role, lastSignIn: Number(ms) }[sort]
        }
        const ordered = keys.map(key)
        const sorted = [...ordered].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
        expect(ordered).toEqual(direction === 'asc' ? sorted : sorted.reverse())
      }
    }
    const inactiveAdmins = await list({ role: 'ADMIN', status: 'inactive', limit: 200 })
    expect(inactiveAdmins.items.every((u) => u.role === 'ADMIN' && !u.active)).toBe(true)
    expect(inactiveAdmins.total).toBe(Array.from({ length: 137 }, (_, i) => i).filter((i) => i % 3 === 0 && i % 5 === 0).length)
    expect((await list({ search: 'USER042@' })).items.map((u) => u.email)).toEqual(['user042@example.test'])
    expect((await list({ search: '100%' })).total).toBe(0)
    // Two characters: scanned; three or more: the trigram index; both substring, any case.
    const containing = (term: string) =>
      rows
        .filter((u) => u.email.includes(term) || u.name.toLowerCase().includes(term))
        .map((u) => u.email)
        .sort()
    const found = async (search: string) => (await list({ search, limit: 200 })).items.map((u) => u.email).sort()
    expect(await found('13')).toEqual(containing('13'))
    expect(await found('R 13')).toEqual(containing('r 13'))
    expect((await list({ search: 'ER 3', limit: 200 })).items.every((u) => u.name.startsWith('User 3'))).toBe(true)
    expect((await list({ search: 'a"b OR c' })).total).toBe(0)
    // A search pages in the same order, its first page counting every match.
    const seen: string[] = []
    let cursor: string | undefined
    do {
      const page = await list({ search: 'user 1', sort: 'lastSignIn', direction: 'desc', limit: 7, cursor })
      expect(page.total).toBe(cursor ? null : containing('user 1').length)
      seen.push(...page.items.map((u) => u.email))
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    expect(seen.sort()).toEqual(containing('user 1'))
    expect((await failure(() => list({ cursor: 'garbage' }))).code).toBe(ErrorCode.VALIDATION)
  })
})

describeEngines('users list order', (engine) => {
  it("sorts names and emails as SQLite's BINARY order of lower() (ASCII letters folded only) on both engines", async () => {
    const backend = await backendOn(engine, sent.config())
    const op = await seedOperator(backend)
    const names = ['Émile', 'éa', 'Zed', '_x', 'ábc', 'zebra', 'Ab', 'aB']
    await backend.engine.transaction((conn) =>
      insertUsers(
        conn,
        names.map((name, i) => ({
          id: `u${i}`,
          tenantId: op.tenantId,
          email: `${name}.${i}@order.test`,
          name,
          role: 'AGENT' as const,
          active: true,
          createdAt: new Date(),
        })),
      ),
    )
    const listed = async (sort: 'name' | 'email', direction: 'asc' | 'desc', limit: number) => {
      const out: string[] = []
      let cursor: string | undefined
      do {
        const page = await backend.services.users.list(op.actor, { sort, direction, limit, cursor, search: 'order.test' })
        out.push(...page.items.map((u) => u.id))
        cursor = page.nextCursor ?? undefined
      } while (cursor)
      return out
    }
    // Ties (Ab, aB) by id; É stays É (U+00C9), so it sorts before á (U+00E1) and é.
    const expected = ['u3', 'u6', 'u7', 'u5', 'u2', 'u0', 'u4', 'u1']
    for (const limit of [3, 50]) {
      expect(await listed('name', 'asc', limit)).toEqual(expected)
      expect(await listed('email', 'asc', limit)).toEqual(expected)
      expect(await listed('name', 'desc', limit)).toEqual([...expected].reverse())
    }
  })
})

describeEngines('who may do what', (engine) => {
  it('lets AGENT and READ_ONLY see the list only', async () => {
    const backend = await backendOn(engine, sent.config())
    const op = await seedOperator(backend)
    for (const role of ['AGENT', 'READ_ONLY'] as const) {
      const member = await seedUser(backend, op.tenantId, role, `Member ${role}`)
      expect((await backend.services.users.list(member.actor, {})).total).toBeGreaterThan(1)
      for (const run of [
        () => backend.services.users.get(member.actor, op.userId),
        () => backend.services.users.update(member.actor, { id: op.userId, active: false }),
        () => backend.services.users.sendPasswordReset(member.actor, op.userId),
        () => backend.services.invitations.create(member.actor, { email: 'x@example.test', role: 'AGENT' }),
        () => backend.services.invitations.list(member.actor),
      ]) {
        expect((await failure(run)).code).toBe(ErrorCode.FORBIDDEN)
      }
    }
  })
})

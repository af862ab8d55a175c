import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import type { Backend } from '../../src/main/backend'
import { Dialect } from '../../src/main/db/engine'
import type { Actor } from '../../src/main/features/auth/auth.service'
import { insertOrganisation } from '../../src/main/features/organisations/organisations.repository'
import { insertUser } from '../../src/main/features/users/users.repository'
import { hashPassword } from '../../src/main/security/passwords'
import type { Role } from '../../src/shared/contract'
import { OPERATOR } from './operator'

export const PASSWORD = 'a perfectly fine password'

/** The operator's Admin Tenant and its SUPER_ADMIN, signed in. */
export async function seedOperator(backend: Backend) {
  const { userId, organisationId } = await backend.services.setup.run(OPERATOR)
  const { token } = await backend.services.auth.openSessionFor(userId)
  return { userId, tenantId: organisationId, token, actor: (await backend.services.auth.resolve(token))! }
}

/** The operator's Admin Tenant with only CRM enabled: helpdesk operations are refused there. */
export async function withoutHelpdesk(backend: Backend, op: Awaited<ReturnType<typeof seedOperator>>): Promise<void> {
  await backend.services.organisations.update(op.actor, {
    id: op.tenantId,
    name: OPERATOR.organisation.name,
    slug: OPERATOR.organisation.slug,
    isAdminTenant: true,
    isDemo: false,
    featuresEnabled: ['crm'],
  })
}

export async function seedTenant(backend: Backend, name: string, slug: string): Promise<string> {
  const id = randomUUID()
  await backend.engine.transaction((conn) =>
    insertOrganisation(conn, {
      id,
      name,
      slug,
      isAdminTenant: false,
      isDemo: false,
      featuresEnabled: null,
      createdAt: new Date(),
    }),
  )
  return id
}

let cachedHash: Promise<string> | undefined
/** A user who can sign in with PASSWORD; returns a live session for them too. */
export async function seedUser(
  backend: Backend,
  tenantId: string,
  role: Role,
  name: string,
  email = `${name.toLowerCase().replace(/\W+/g, '.')}@example.test`,
) {
  cachedHash ??= hashPassword(PASSWORD)
  const id = randomUUID()
  const passwordHash = await cachedHash
  await backend.engine.transaction((conn) =>
    insertUser(conn, { id, tenantId, email, name, role, active: true, passwordHash, createdAt: new Date() }),
  )
  const { token } = await backend.services.auth.openSessionFor(id)
  return { id, email, token, actor: (await backend.services.auth.resolve(token)) as Actor }
}

/** The newest message kept in the local Outbox, and the link token it carries. */
export async function lastOutboxMail(backend: Backend) {
  // The last one written, even among mail sent at the same instant of the tests' manual clock.
  const written = sql.raw(backend.engine.dialect === Dialect.PG ? 'ctid' : 'rowid')
  const [mail] = await backend.engine.read(({ db, t }) =>
    db
      .select()
      .from(t.outbox)
      .orderBy(sql`${written} desc`)
      .limit(1),
  )
  if (!mail) throw new Error('the Outbox is empty')
  return { mail, token: linkToken(mail.text) }
}

export function linkToken(text: string): string {
  const match = /#\/(?:register|reset-password)\/([A-Za-z0-9_-]{43})/.exec(text)
  if (!match) throw new Error(`no link in:\n${text}`)
  return match[1]!
}

/** A ticket in the tenant, as other parts of the platform would create it. */
export async function seedTicket(
  backend: Backend,
  tenantId: string,
  number: number,
  subject: string,
  assigneeId: string | null = null,
): Promise<string> {
  const id = randomUUID()
  await backend.engine.transaction(({ db, t }) =>
    db.insert(t.tickets).values({ id, tenantId, number, subject, status: 'OPEN', assigneeId, createdAt: new Date() }),
  )
  return id
}

import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import type { Backend } from '../../src/main/backend'
import { outbox, tickets } from '../../src/main/db/schema'
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
  const { token } = backend.services.auth.openSessionFor(userId)
  return { userId, tenantId: organisationId, token, actor: backend.services.auth.resolve(token)! }
}

/** The operator's Admin Tenant with only CRM enabled: helpdesk operations are refused there. */
export function withoutHelpdesk(backend: Backend, op: Awaited<ReturnType<typeof seedOperator>>): void {
  backend.services.organisations.update(op.actor, {
    id: op.tenantId,
    name: OPERATOR.organisation.name,
    slug: OPERATOR.organisation.slug,
    isAdminTenant: true,
    isDemo: false,
    featuresEnabled: ['crm'],
  })
}

export function seedTenant(backend: Backend, name: string, slug: string): string {
  const id = randomUUID()
  insertOrganisation(backend.store.db, {
    id,
    name,
    slug,
    isAdminTenant: false,
    isDemo: false,
    featuresEnabled: null,
    createdAt: new Date(),
  })
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
  insertUser(backend.store.db, { id, tenantId, email, name, role, active: true, passwordHash: await cachedHash, createdAt: new Date() })
  const { token } = backend.services.auth.openSessionFor(id)
  return { id, email, token, actor: backend.services.auth.resolve(token) as Actor }
}

/** The newest message kept in the local Outbox, and the link token it carries. */
export function lastOutboxMail(backend: Backend) {
  const mail = backend.store.db
    .select()
    .from(outbox)
    .orderBy(sql`rowid desc`)
    .limit(1)
    .get()
  if (!mail) throw new Error('the Outbox is empty')
  return { mail, token: linkToken(mail.text) }
}

export function linkToken(text: string): string {
  const match = /#\/(?:register|reset-password)\/([A-Za-z0-9_-]{43})/.exec(text)
  if (!match) throw new Error(`no link in:\n${text}`)
  return match[1]!
}

/** A ticket in the tenant, as other parts of the platform would create it. */
export function seedTicket(backend: Backend, tenantId: string, number: number, subject: string, assigneeId: string | null = null): string {
  const id = randomUUID()
  backend.store.db.insert(tickets).values({ id, tenantId, number, subject, status: 'OPEN', assigneeId, createdAt: new Date() }).run()
  return id
}

import { randomUUID } from 'node:crypto'
import path from 'node:path'
import Database from 'better-sqlite3'

/**
 * Adds helpdesk history for a user straight into the running console's SQLite file
 * (WAL lets a second connection write), as other parts of the platform would.
 */
export function seedWorkFor(dataDir: string, email: string): void {
  const db = new Database(path.join(dataDir, 'switchboard.sqlite'))
  try {
    db.pragma('busy_timeout = 5000')
    const user = db.prepare('select id, tenant_id as tenantId from users where lower(email) = ?').get(email.toLowerCase()) as {
      id: string
      tenantId: string
    }
    const now = Date.now()
    const ticketId = randomUUID()
    db.prepare(
      `insert into tickets (id, tenant_id, number, subject, status, assignee_id, created_by, created_at) values (?, ?, 1, 'VPN drops every hour', 'OPEN', ?, ?, ?)`,
    ).run(ticketId, user.tenantId, user.id, user.id, now)
    db.prepare(
      `insert into comments (id, tenant_id, ticket_id, author_id, body, is_public, created_at) values (?, ?, ?, ?, 'Replaced the router firmware', 1, ?)`,
    ).run(randomUUID(), user.tenantId, ticketId, user.id, now)
    db.prepare(
      `insert into time_entries (id, tenant_id, ticket_id, user_id, minutes, note, created_at) values (?, ?, ?, ?, 90, 'On site', ?)`,
    ).run(randomUUID(), user.tenantId, ticketId, user.id, now)
  } finally {
    db.close()
  }
}

/** Users and tickets in the operator's organisation (the Admin Tenant), as other parts of the platform would add them. */
export function seedHelpdesk(dataDir: string, agents: string[], subjects: string[]): void {
  const db = new Database(path.join(dataDir, 'switchboard.sqlite'))
  try {
    db.pragma('busy_timeout = 5000')
    const tenant = db.prepare('select id from organisations where is_admin_tenant = 1').get() as { id: string }
    const addUser = db.prepare(
      `insert into users (id, tenant_id, email, name, role, active, created_at) values (?, ?, ?, ?, 'AGENT', 1, ?)`,
    )
    for (const name of agents)
      addUser.run(randomUUID(), tenant.id, `${name.toLowerCase().replace(/\W+/g, '.')}@northwind.test`, name, Date.now())
    const addTicket = db.prepare(`insert into tickets (id, tenant_id, number, subject, status, created_at) values (?, ?, ?, ?, 'OPEN', ?)`)
    subjects.forEach((subject, i) => addTicket.run(randomUUID(), tenant.id, 100 + i, subject, Date.now()))
  } finally {
    db.close()
  }
}

/** Organisations added straight into the running console's store, as an earlier setup would have. */
export function seedOrganisations(dataDir: string, orgs: { name: string; slug: string; isDemo?: boolean }[]): void {
  const db = new Database(path.join(dataDir, 'switchboard.sqlite'))
  try {
    db.pragma('busy_timeout = 5000')
    const add = db.prepare(`insert into organisations (id, name, slug, is_admin_tenant, is_demo, created_at) values (?, ?, ?, 0, ?, ?)`)
    for (const org of orgs) add.run(randomUUID(), org.name, org.slug, org.isDemo ? 1 : 0, Date.now())
  } finally {
    db.close()
  }
}

/** Users of an organisation (by slug) added straight into the running console's store, as other parts of the platform would add them. */
export function seedUsersIn(dataDir: string, slug: string, names: string[]): void {
  const db = new Database(path.join(dataDir, 'switchboard.sqlite'))
  try {
    db.pragma('busy_timeout = 5000')
    const tenant = db.prepare('select id from organisations where slug = ?').get(slug) as { id: string }
    const add = db.prepare(`insert into users (id, tenant_id, email, name, role, active, created_at) values (?, ?, ?, ?, 'AGENT', 1, ?)`)
    for (const name of names) add.run(randomUUID(), tenant.id, `${name.toLowerCase().replace(/\W+/g, '.')}@${slug}.test`, name, Date.now())
  } finally {
    db.close()
  }
}

/**
 * Pending invitations of an organisation (by slug), sent by the operator `daysAgo` days ago, added
 * straight into the running console's store: the first expires soonest (issue 20's queue).
 */
export function seedInvitationsIn(dataDir: string, slug: string, invitations: { email: string; daysAgo: number }[]): void {
  const db = new Database(path.join(dataDir, 'switchboard.sqlite'))
  try {
    db.pragma('busy_timeout = 5000')
    const tenant = db.prepare('select id from organisations where slug = ?').get(slug) as { id: string }
    const operator = db
      .prepare('select u.id from users u join organisations o on o.id = u.tenant_id where o.is_admin_tenant = 1 limit 1')
      .get() as { id: string }
    const add = db.prepare(
      `insert into invitations (id, tenant_id, email, role, token_hash, invited_by, created_at, sent_at, expires_at) values (?, ?, ?, 'AGENT', ?, ?, ?, ?, ?)`,
    )
    for (const { email, daysAgo } of invitations) {
      const sent = Date.now() - daysAgo * 24 * 60 * 60 * 1000
      add.run(randomUUID(), tenant.id, email, randomUUID(), operator.id, sent, sent, sent + 7 * 24 * 60 * 60 * 1000)
    }
  } finally {
    db.close()
  }
}

/**
 * Makes the live sessions' last proof of a factor older than the step-up window, as if the operator
 * had signed in a while ago: the next operation that can take over tenants asks again.
 */
export function ageStepUp(dataDir: string, minutes = 6): void {
  const db = new Database(path.join(dataDir, 'switchboard.sqlite'))
  try {
    db.pragma('busy_timeout = 5000')
    db.prepare('update sessions set factor_proven_at = ? where revoked_at is null').run(Date.now() - minutes * 60_000)
  } finally {
    db.close()
  }
}

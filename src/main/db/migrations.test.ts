import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { describe, expect, it } from 'vitest'
import { verifyAuditChain } from '../features/audit/audit-verify'
import { LINK_REMOVED } from '../features/outbox/outbox.repository'
import { sqliteEngine } from './engine.sqlite'
import * as schema from './schema'

const dir = path.resolve(import.meta.dirname, '../../../drizzle')
const migrations = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.sql'))
  .sort()

function apply(db: Database.Database, file: string): void {
  for (const statement of fs.readFileSync(path.join(dir, file), 'utf8').split('--> statement-breakpoint')) {
    if (statement.trim()) db.exec(statement)
  }
}

describe('migration 0008 (SUPER_ADMIN-only Outbox mail)', () => {
  it('marks mail kept before it to SUPER_ADMINs and SUPER_ADMIN invitees, and nothing else', () => {
    const db = new Database(':memory:')
    for (const file of migrations.filter((f) => f < '0008')) apply(db, file)
    db.exec(
      `insert into organisations (id, name, slug, is_admin_tenant, is_demo, created_at) values ('org', 'Northwind', 'northwind', 1, 0, 0)`,
    )
    db.exec(`insert into users (id, tenant_id, email, name, role, active, created_at) values
      ('root', 'org', 'root@northwind.test', 'Root', 'SUPER_ADMIN', 1, 0), ('ann', 'org', 'ann@northwind.test', 'Ann', 'ADMIN', 1, 0)`)
    db.exec(`insert into invitations (id, tenant_id, email, role, token_hash, invited_by, created_at, sent_at, expires_at) values
      ('i1', 'org', 'next.root@northwind.test', 'SUPER_ADMIN', 'h1', 'root', 0, 0, 1), ('i2', 'org', 'agent@northwind.test', 'AGENT', 'h2', 'root', 0, 0, 1)`)
    const mail = (id: string, to: string) => `('${id}', 'org', '${to}', 's', 't', 'h', 0)`
    db.exec(`insert into outbox (id, tenant_id, to_address, subject, text_body, html_body, created_at) values
      ${[mail('reset-root', 'Root@Northwind.test'), mail('invite-root', 'next.root@northwind.test'), mail('reset-ann', 'ann@northwind.test'), mail('invite-agent', 'agent@northwind.test')].join(', ')}`)
    apply(
      db,
      migrations.find((f) => f.startsWith('0008'))!,
    )
    const marked = db.prepare(`select id from outbox where super_admin_only = 1 order by id`).all() as { id: string }[]
    expect(marked.map((r) => r.id)).toEqual(['invite-root', 'reset-root'])
  })
})

describe('migration 0013 (trust)', () => {
  it('removes links from non-demo Outbox mail, keeps the demo’s, and leaves older audit rows unchained but append-only', async () => {
    const db = new Database(':memory:')
    for (const file of migrations.filter((f) => f < '0013')) apply(db, file)
    db.exec(`insert into organisations (id, name, slug, is_admin_tenant, is_demo, created_at) values
      ('real', 'Northwind', 'northwind', 1, 0, 0), ('demo', 'Demo Co', 'demo-co', 0, 1, 0)`)
    const link = 'Register: http://127.0.0.1:1/#/register/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'
    db.exec(`insert into outbox (id, tenant_id, to_address, subject, text_body, html_body, created_at) values
      ('m-real', 'real', 'a@x.test', 's', '${link}', '<a>${link}</a>', 0), ('m-demo', 'demo', 'b@x.test', 's', '${link}', '<a>${link}</a>', 0)`)
    db.exec(`insert into audit_log (at, action, result) values (1, 'setup.create-operator', 'ok'), (2, 'auth.sign-in', 'ok')`)
    apply(
      db,
      migrations.find((f) => f.startsWith('0013'))!,
    )
    const bodies = db.prepare(`select id, text_body as text, html_body as html from outbox order by id`).all()
    expect(bodies).toEqual([
      { id: 'm-demo', text: link, html: `<a>${link}</a>` },
      { id: 'm-real', text: LINK_REMOVED, html: '' },
    ])
    expect(db.prepare(`select count(*) as n from audit_log where hash is null`).get()).toEqual({ n: 2 })
    expect(() => db.exec(`update audit_log set target = 'x'`)).toThrow(/append-only/)
    const engine = sqliteEngine({ db: drizzle(db, { schema }), sqlite: db })
    expect(await verifyAuditChain(engine)).toEqual({ rows: 2, unchained: 2, brokenAt: null })
  })
})

describe('migration 0021 (the Overview’s counters)', () => {
  it('counts the users and open invitations already there, and the days their invitations went, then keeps counting', () => {
    const db = new Database(':memory:')
    for (const file of migrations.filter((f) => f < '0021')) apply(db, file)
    const day = 86_400_000
    db.exec(`insert into organisations (id, name, slug, is_admin_tenant, is_demo, created_at) values
      ('a', 'Acme', 'acme', 1, 0, 0), ('b', 'Bolt', 'bolt', 0, 0, 0), ('c', 'Calm', 'calm', 0, 0, 0)`)
    db.exec(`insert into users (id, tenant_id, email, name, role, active, created_at) values
      ('a1', 'a', 'a1@acme.test', 'A1', 'SUPER_ADMIN', 1, 0), ('a2', 'a', 'a2@acme.test', 'A2', 'AGENT', 0, 0),
      ('b1', 'b', 'b1@bolt.test', 'B1', 'ADMIN', 1, 0)`)
    db.exec(`insert into invitations (id, tenant_id, email, role, token_hash, invited_by, created_at, sent_at, expires_at, accepted_at, revoked_at) values
      ('i1', 'a', 'x1@acme.test', 'AGENT', 'h1', 'a1', 0, ${3 * day + 5}, ${10 * day}, null, null),
      ('i2', 'a', 'x2@acme.test', 'AGENT', 'h2', 'a1', 0, ${3 * day + 9}, ${10 * day}, ${4 * day}, null),
      ('i3', 'b', 'x3@bolt.test', 'AGENT', 'h3', 'b1', 0, ${5 * day}, ${12 * day}, null, ${6 * day}),
      ('i4', 'b', 'x4@bolt.test', 'AGENT', 'h4', 'b1', 0, ${5 * day + 1}, ${12 * day}, null, null)`)
    apply(
      db,
      migrations.find((f) => f.startsWith('0021'))!,
    )
    const counters = () => db.prepare(`select * from tenant_counters order by tenant_id`).all()
    expect(counters()).toEqual([
      { tenant_id: 'a', users: 2, active_users: 1, open_invitations: 1 },
      { tenant_id: 'b', users: 1, active_users: 1, open_invitations: 1 },
      { tenant_id: 'c', users: 0, active_users: 0, open_invitations: 0 },
    ])
    expect(db.prepare(`select tenant_id, day, invitations_sent from tenant_daily order by 1, 2`).all()).toEqual([
      { tenant_id: 'a', day: 3, invitations_sent: 2 },
      { tenant_id: 'b', day: 5, invitations_sent: 2 },
    ])
    // From here on the triggers keep them: a user in c, a deactivation in a, b's last invitation revoked.
    db.exec(
      `insert into users (id, tenant_id, email, name, role, active, created_at) values ('c1', 'c', 'c1@calm.test', 'C1', 'ADMIN', 1, 0)`,
    )
    db.exec(`update users set active = 0 where id = 'a1'`)
    db.exec(`update invitations set revoked_at = ${7 * day} where id = 'i4'`)
    expect(counters()).toEqual([
      { tenant_id: 'a', users: 2, active_users: 0, open_invitations: 1 },
      { tenant_id: 'b', users: 1, active_users: 1, open_invitations: 0 },
      { tenant_id: 'c', users: 1, active_users: 1, open_invitations: 0 },
    ])
  })
})

describe('migration 0025 (the Overview’s totals)', () => {
  it('adds up the counters already there into one slot, then keeps it as they change', () => {
    const db = new Database(':memory:')
    for (const file of migrations.filter((f) => f < '0025')) apply(db, file)
    db.exec(`insert into organisations (id, name, slug, is_admin_tenant, is_demo, created_at) values
      ('a', 'Acme', 'acme', 1, 0, 0), ('b', 'Bolt', 'bolt', 0, 0, 0)`)
    db.exec(`insert into users (id, tenant_id, email, name, role, active, created_at) values
      ('a1', 'a', 'a1@acme.test', 'A1', 'SUPER_ADMIN', 1, 0), ('a2', 'a', 'a2@acme.test', 'A2', 'AGENT', 0, 0),
      ('b1', 'b', 'b1@bolt.test', 'B1', 'ADMIN', 1, 0)`)
    apply(
      db,
      migrations.find((f) => f.startsWith('0025'))!,
    )
    const totals = () => db.prepare(`select slot, users, active_users, open_invitations from instance_counters`).all()
    expect(totals()).toEqual([{ slot: 0, users: 3, active_users: 2, open_invitations: 0 }])
    // An invitation in b, then deleted; a deactivation in a; an invitation in a; then b's counters row removed.
    db.exec(`insert into invitations (id, tenant_id, email, role, token_hash, invited_by, created_at, sent_at, expires_at) values
      ('i1', 'b', 'x1@bolt.test', 'AGENT', 'h1', 'b1', 0, 0, 86400000)`)
    db.exec(`update users set active = 0 where id = 'a1'`)
    db.exec(`delete from invitations where id = 'i1'`)
    db.exec(`insert into invitations (id, tenant_id, email, role, token_hash, invited_by, created_at, sent_at, expires_at) values
      ('i2', 'a', 'x2@acme.test', 'AGENT', 'h2', 'a1', 0, 0, 86400000)`)
    expect(totals()).toEqual([{ slot: 0, users: 3, active_users: 1, open_invitations: 1 }])
    db.exec(`delete from tenant_counters where tenant_id = 'b'`)
    expect(totals()).toEqual([{ slot: 0, users: 2, active_users: 0, open_invitations: 1 }])
  })
})

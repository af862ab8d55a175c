import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import { freshDatabase } from '../../../tests/support/pg-database'
import { tempDir } from '../../../tests/support/temp-backend'
import { defaultPgMigrationsFolder } from '../package-root'
import { openPgStore } from './pg-store'

const postgres = inject('postgres')

/** drizzle/pg up to (not including) the migration tagged `before`: a store as an older release left it. */
function migrationsBefore(before: string): string {
  const folder = tempDir()
  fs.cpSync(defaultPgMigrationsFolder(), folder, { recursive: true })
  const journalFile = path.join(folder, 'meta', '_journal.json')
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] }
  const at = journal.entries.findIndex((e) => e.tag.startsWith(before))
  expect(at).toBeGreaterThan(0)
  for (const entry of journal.entries.slice(at)) fs.rmSync(path.join(folder, `${entry.tag}.sql`))
  fs.writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }))
  return folder
}

describe.skipIf(!postgres.run)('PostgreSQL migrations 0007 and 0011 (the Overview’s counters and totals)', () => {
  it('counts the users and open invitations already there, and the days their invitations went, then keeps counting', async () => {
    if (!postgres.run) return
    const database = await freshDatabase(postgres.url)
    try {
      const old = await openPgStore(database.url, { migrationsFolder: migrationsBefore('0007') })
      const day = 86_400_000
      const at = (ms: number) => new Date(ms).toISOString()
      await old.pool.query(`insert into organisations (id, name, slug, is_admin_tenant, created_at) values
        ('a', 'Acme', 'acme', true, now()), ('b', 'Bolt', 'bolt', false, now()), ('c', 'Calm', 'calm', false, now())`)
      await old.pool.query(`insert into users (id, tenant_id, email, name, role, active, created_at) values
        ('a1', 'a', 'a1@acme.test', 'A1', 'SUPER_ADMIN', true, now()), ('a2', 'a', 'a2@acme.test', 'A2', 'AGENT', false, now()),
        ('b1', 'b', 'b1@bolt.test', 'B1', 'ADMIN', true, now())`)
      await old.pool.query(
        `insert into invitations (id, tenant_id, email, role, token_hash, invited_by, created_at, sent_at, expires_at, accepted_at, revoked_at) values
        ('i1', 'a', 'x1@acme.test', 'AGENT', 'h1', 'a1', now(), $1, $3, null, null),
        ('i2', 'a', 'x2@acme.test', 'AGENT', 'h2', 'a1', now(), $2, $3, $3, null),
        ('i3', 'b', 'x3@bolt.test', 'AGENT', 'h3', 'b1', now(), $4, $5, null, $5),
        ('i4', 'b', 'x4@bolt.test', 'AGENT', 'h4', 'b1', now(), $4, $5, null, null)`,
        [at(3 * day + 5), at(3 * day + 9), at(10 * day), at(5 * day), at(12 * day)],
      )
      await old.close()

      const store = await openPgStore(database.url, { migrationsFolder: defaultPgMigrationsFolder() })
      try {
        const counters = async () =>
          (await store.pool.query(`select tenant_id, users, active_users, open_invitations from tenant_counters order by 1`)).rows
        expect(await counters()).toEqual([
          { tenant_id: 'a', users: 2, active_users: 1, open_invitations: 1 },
          { tenant_id: 'b', users: 1, active_users: 1, open_invitations: 1 },
          { tenant_id: 'c', users: 0, active_users: 0, open_invitations: 0 },
        ])
        // Migration 0011 added them up into instance_counters' slots, which its trigger then keeps.
        const totals = async () =>
          (
            await store.pool.query(
              `select sum(users)::int as users, sum(active_users)::int as active_users, sum(open_invitations)::int as open_invitations
                from instance_counters`,
            )
          ).rows
        expect(await totals()).toEqual([{ users: 3, active_users: 2, open_invitations: 2 }])
        expect((await store.pool.query(`select tenant_id, day, invitations_sent from tenant_daily order by 1, 2`)).rows).toEqual([
          { tenant_id: 'a', day: 3, invitations_sent: 2 },
          { tenant_id: 'b', day: 5, invitations_sent: 2 },
        ])
        // From here on the triggers keep them: a user in c, a deactivation in a, b's last invitation revoked, a resend in a.
        await store.pool.query(
          `insert into users (id, tenant_id, email, name, role, active, created_at) values ('c1', 'c', 'c1@calm.test', 'C1', 'ADMIN', true, now())`,
        )
        await store.pool.query(`update users set active = false where id = 'a1'`)
        await store.pool.query(`update invitations set revoked_at = now() where id = 'i4'`)
        await store.pool.query(`update invitations set token_hash = 'h1b', sent_at = $1 where id = 'i1'`, [at(8 * day)])
        expect(await counters()).toEqual([
          { tenant_id: 'a', users: 2, active_users: 0, open_invitations: 1 },
          { tenant_id: 'b', users: 1, active_users: 1, open_invitations: 0 },
          { tenant_id: 'c', users: 1, active_users: 1, open_invitations: 0 },
        ])
        expect(await totals()).toEqual([{ users: 4, active_users: 2, open_invitations: 1 }])
        expect((await store.pool.query(`select invitations_sent from tenant_daily where tenant_id = 'a' and day = 8`)).rows).toEqual([
          { invitations_sent: 1 },
        ])
      } finally {
        await store.close()
      }
    } finally {
      await database.drop()
    }
  })
})

import fs from 'node:fs'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { backendOn, describeEngines } from '../../../tests/support/engines'
import { tempDir } from '../../../tests/support/temp-backend'
import { defaultMigrationsFolder, type Backend } from '../backend'
import type { Conn } from './engine'
import { pgCode } from './engine.pg'
import { tenantUsersMatch } from './search'
import { openStore, type Store } from './store'

/** The migrations folder as an older Switchboard shipped it: every migration before `tag`. */
function migrationsBefore(tag: string): string {
  const dir = tempDir('switchboard-migrations-')
  const source = defaultMigrationsFolder()
  const journal = JSON.parse(fs.readFileSync(path.join(source, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] }
  journal.entries = journal.entries.filter((e) => e.tag < tag)
  fs.mkdirSync(path.join(dir, 'meta'))
  fs.writeFileSync(path.join(dir, 'meta/_journal.json'), JSON.stringify(journal))
  for (const { tag: t } of journal.entries) fs.copyFileSync(path.join(source, `${t}.sql`), path.join(dir, `${t}.sql`))
  return dir
}

/** Two tenants A and B, each with a user and a team; ids are their names. */
function seedTwoTenants(store: Store): void {
  store.sqlite.exec(`
    insert into organisations (id, name, slug, is_admin_tenant, is_demo, created_at) values ('A', 'Alpha', 'alpha', 1, 0, 0), ('B', 'Beta', 'beta', 0, 0, 0);
    insert into users (id, tenant_id, email, name, role, active, created_at) values ('a1', 'A', 'a1@a.test', 'A One', 'AGENT', 1, 0), ('b1', 'B', 'b1@b.test', 'B One', 'AGENT', 1, 0);
    insert into teams (id, tenant_id, name, created_at) values ('tA', 'A', 'Desk A', 0), ('tB', 'B', 'Desk B', 0);`)
}

const rows = (store: Store, query: string) => store.sqlite.prepare(query).all()

describe('migration 0011 (composite tenant keys)', () => {
  it('applies on a 0010 store in the store’s one transaction; data survives, and references across tenants are cleared', () => {
    const dataDir = tempDir()
    const old = openStore(dataDir, { migrationsFolder: migrationsBefore('0011') })
    seedTwoTenants(old)
    // What a 0010 store could hold: one membership and one ticket that cross tenants.
    old.sqlite.exec(`
      insert into team_members (team_id, user_id, role, added_at) values ('tA', 'a1', 'MANAGER', 5), ('tA', 'b1', 'MEMBER', 6);
      insert into tickets (id, tenant_id, number, subject, status, assignee_id, team_id, created_by, created_at) values
        ('k1', 'A', 1, 'Fine', 'OPEN', 'a1', 'tA', 'a1', 7), ('k2', 'A', 2, 'Crossing', 'OPEN', 'b1', 'tB', 'b1', 8);
      insert into comments (id, tenant_id, ticket_id, author_id, body, is_public, created_at) values ('c1', 'A', 'k1', 'a1', 'hello', 1, 9), ('c2', 'A', 'k2', 'a1', 'there', 0, 10);
      insert into time_entries (id, tenant_id, ticket_id, user_id, minutes, note, created_at) values ('e1', 'A', 'k2', 'a1', 30, 'note', 11);`)
    old.close()

    const store = openStore(dataDir, { migrationsFolder: defaultMigrationsFolder() })
    expect(rows(store, `select * from tickets order by id`)).toEqual([
      {
        id: 'k1',
        tenant_id: 'A',
        number: 1,
        subject: 'Fine',
        status: 'OPEN',
        assignee_id: 'a1',
        team_id: 'tA',
        created_by: 'a1',
        created_at: 7,
      },
      {
        id: 'k2',
        tenant_id: 'A',
        number: 2,
        subject: 'Crossing',
        status: 'OPEN',
        assignee_id: null,
        team_id: null,
        created_by: 'b1',
        created_at: 8,
      },
    ])
    expect(rows(store, `select * from team_members`)).toEqual([
      { tenant_id: 'A', team_id: 'tA', user_id: 'a1', role: 'MANAGER', added_at: 5 },
    ])
    expect(rows(store, `select id, ticket_id, body from comments order by id`)).toEqual([
      { id: 'c1', ticket_id: 'k1', body: 'hello' },
      { id: 'c2', ticket_id: 'k2', body: 'there' },
    ])
    expect(rows(store, `select id, ticket_id, minutes from time_entries`)).toEqual([{ id: 'e1', ticket_id: 'k2', minutes: 30 }])
    // Every reference still points at a row, and comments and time entries still reference tickets.
    expect(rows(store, 'pragma foreign_key_check')).toEqual([])
    expect(rows(store, `select "table" from pragma_foreign_key_list('comments') where "from" = 'ticket_id'`)).toEqual([
      { table: 'tickets' },
    ])
    expect(rows(store, `select name from sqlite_master where name like '\\_\\_%' escape '\\' and name != '__drizzle_migrations'`)).toEqual(
      [],
    )
    store.close()
  })
})

describe('migration 0015 (counters and tenant-keyed search)', () => {
  it('builds the counters and both search indexes from the rows a 0013 store holds', () => {
    const dataDir = tempDir()
    const old = openStore(dataDir, { migrationsFolder: migrationsBefore('0015') })
    seedTwoTenants(old)
    old.sqlite.exec(`insert into users (id, tenant_id, email, name, role, active, created_at) values
      ('a2', 'A', 'joanna@a.test', 'Joanna Smith', 'ADMIN', 0, 0), ('b2', 'B', 'joanne@b.test', 'Joanne Smith', 'ADMIN', 1, 0)`)
    old.close()

    const store = openStore(dataDir, { migrationsFolder: defaultMigrationsFolder() })
    expect(rows(store, `select tenant_id, role, active, n from tenant_user_counts order by 1, 2, 3`)).toEqual([
      { tenant_id: 'A', role: 'ADMIN', active: 0, n: 1 },
      { tenant_id: 'A', role: 'AGENT', active: 1, n: 1 },
      { tenant_id: 'B', role: 'ADMIN', active: 1, n: 1 },
      { tenant_id: 'B', role: 'AGENT', active: 1, n: 1 },
    ])
    const find = (tenantId: string, term: string) =>
      store.sqlite
        .prepare(`select u.id from users_find f join users u on u.rowid = f.rowid where users_find match ? order by u.id`)
        .all(tenantUsersMatch(tenantId, term))
    expect(find('A', 'joann')).toEqual([{ id: 'a2' }])
    expect(find('B', 'joann')).toEqual([{ id: 'b2' }])
    expect(find('B', 'b.test')).toEqual([{ id: 'b1' }, { id: 'b2' }])
    expect(rows(store, `select rowid from organisations_find where organisations_find match '"lph"'`)).toHaveLength(1)
    store.close()
  })
})

/** A write the database must refuse for a foreign key: SQLite's and PostgreSQL's own codes, through drizzle's wrapper. */
async function refusedForForeignKey(write: Promise<unknown>): Promise<string | undefined> {
  return write.then(
    () => 'accepted',
    (error: unknown) => pgCode(error),
  )
}
const FOREIGN_KEY = /^(SQLITE_CONSTRAINT_FOREIGNKEY|23503)$/

/** The two tenants of seedTwoTenants, through the engine, and a ticket k1 in A. */
async function seedTwoTenantsOn(backend: Backend): Promise<void> {
  const at = new Date(0)
  await backend.engine.transaction(async ({ db, t }) => {
    await db.insert(t.organisations).values([
      { id: 'A', name: 'Alpha', slug: 'alpha', isAdminTenant: true, isDemo: false, createdAt: at },
      { id: 'B', name: 'Beta', slug: 'beta', isAdminTenant: false, isDemo: false, createdAt: at },
    ])
    await db.insert(t.users).values([
      { id: 'a1', tenantId: 'A', email: 'a1@a.test', name: 'A One', role: 'AGENT', active: true, createdAt: at },
      { id: 'b1', tenantId: 'B', email: 'b1@b.test', name: 'B One', role: 'AGENT', active: true, createdAt: at },
    ])
    await db.insert(t.teams).values([
      { id: 'tA', tenantId: 'A', name: 'Desk A', createdAt: at },
      { id: 'tB', tenantId: 'B', name: 'Desk B', createdAt: at },
    ])
    await db.insert(t.tickets).values({ id: 'k1', tenantId: 'A', number: 1, subject: 'Mine', status: 'OPEN', createdAt: at })
  })
}

describeEngines('composite tenant keys', (engine) => {
  it('refuses, at the database, a ticket routed or assigned across tenants and a member from another tenant', async () => {
    const backend = await backendOn(engine)
    await seedTwoTenantsOn(backend)
    const write = <T>(fn: (conn: Conn) => Promise<T>) => refusedForForeignKey(backend.engine.transaction(fn))
    const at = new Date(0)

    expect(await write(({ db, t }) => db.update(t.tickets).set({ teamId: 'tB' }).where(eq(t.tickets.id, 'k1')))).toMatch(FOREIGN_KEY)
    expect(await write(({ db, t }) => db.update(t.tickets).set({ assigneeId: 'b1' }).where(eq(t.tickets.id, 'k1')))).toMatch(FOREIGN_KEY)
    expect(
      await write(({ db, t }) =>
        db
          .insert(t.tickets)
          .values({ id: 'k2', tenantId: 'A', number: 2, subject: 'x', status: 'OPEN', teamId: 'tB', assigneeId: 'b1', createdAt: at }),
      ),
    ).toMatch(FOREIGN_KEY)
    for (const tenantId of ['A', 'B']) {
      expect(
        await write(({ db, t }) => db.insert(t.teamMembers).values({ tenantId, teamId: 'tA', userId: 'b1', role: 'MEMBER', addedAt: at })),
      ).toMatch(FOREIGN_KEY)
    }
    // Moving a referenced user to another tenant would cross too.
    await backend.engine.transaction(({ db, t }) =>
      db.update(t.tickets).set({ assigneeId: 'a1', teamId: 'tA' }).where(eq(t.tickets.id, 'k1')),
    )
    expect(await write(({ db, t }) => db.update(t.users).set({ tenantId: 'B' }).where(eq(t.users.id, 'a1')))).toMatch(FOREIGN_KEY)
    const [tickets, members] = await backend.engine.read(async ({ db, t }) => [
      await db.select({ teamId: t.tickets.teamId, assigneeId: t.tickets.assigneeId }).from(t.tickets),
      await db.select().from(t.teamMembers).where(eq(t.teamMembers.teamId, 'tA')),
    ])
    expect(tickets).toEqual([{ teamId: 'tA', assigneeId: 'a1' }])
    expect(members).toEqual([])
  })
})

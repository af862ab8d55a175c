import { afterAll, expect, inject, it } from 'vitest'
import { describeOn } from '../../../tests/support/engines'
import { freshDatabase } from '../../../tests/support/pg-database'
import { OPERATOR, tempDir } from '../../../tests/support/temp-backend'
import { fakeIo } from '../../../tests/support/cli-io'
import { main } from './main'

const postgres = inject('postgres')
const drops: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const drop of drops) await drop()
})

async function database() {
  const db = await freshDatabase(postgres.run ? postgres.url : '', 'cli')
  drops.push(db.drop)
  return db.url
}

const INIT = ['--org-name', OPERATOR.organisation.name, '--org-slug', OPERATOR.organisation.slug]
INIT.push('--admin-email', OPERATOR.admin.email, '--admin-name', OPERATOR.admin.name)

describeOn('pg')('the switchboard command on PostgreSQL (--database, DATABASE_URL)', () => {
  it('init, check, demo seed and audit verify work on an empty database', async () => {
    // With a password in the URL (the test cluster trusts loopback and ignores it): never printed.
    const url = (await database()).replace('sb@', 'sb:hunter2-secret@')
    const init = fakeIo({ SWITCHBOARD_ADMIN_PASSWORD: OPERATOR.admin.password })
    expect(await main(['init', '--database', url, ...INIT], init.io), init.err()).toBe(0)
    expect(init.out()).toMatch(
      /Initialised postgres:\/\/sb(:\*\*\*)?@127\.0\.0\.1:\d+\/cli_\w+\n.*Northwind MSP \(northwind\), Admin Tenant/s,
    )

    // DATABASE_URL serves as well as the flag.
    const check = fakeIo({ DATABASE_URL: url })
    expect(await main(['check'], check.io), check.err()).toBe(0)
    expect(check.out()).toMatch(/connected, extensions pg_trgm, btree_gin present, schema up to date\./)

    const seed = fakeIo()
    expect(
      await main(['demo', 'seed', '--database', url, '--tenants', '5', '--users', '300', '--data', tempDir()], seed.io),
      seed.err(),
    ).toBe(0)
    expect(seed.out()).toMatch(/Seeded 5 organisations and 300 users into /)

    const verify = fakeIo()
    expect(await main(['audit', 'verify', '--database', url], verify.io), verify.err()).toBe(0)
    expect(verify.out()).toMatch(/The audit log is intact: [1-9]\d* rows/)
    for (const said of [init, check, seed, verify]) expect(said.out() + said.err()).not.toContain('hunter2-secret')
  })

  it('backup and restore check the connection and point to pg_dump and point-in-time recovery', async () => {
    const url = await database()
    for (const command of ['backup', 'restore']) {
      const io = fakeIo()
      expect(await main([command, '--database', url], io.io)).toBe(2)
      expect(io.err()).toMatch(
        /The connection to .* works, but Switchboard does not (back up|restore) a PostgreSQL database itself: .*pg_(dump|restore)/,
      )
    }
  })

  it('names the cause in one line: a URL that is not PostgreSQL, no server, no such database', async () => {
    const url = new URL(await database())
    // (URL.origin is "null" for postgres: URLs.)
    const server = `postgres://${url.username}@${url.host}`
    const cases: [string[], RegExp, number][] = [
      [['check', '--database', 'mysql://x@localhost/db'], /--database must be a PostgreSQL URL/, 2],
      [
        ['check', '--database', `postgres://sb@127.0.0.1:1/${url.pathname.slice(1)}`],
        /refused the connection: no server is listening there/,
        1,
      ],
      [['init', '--database', `${server}/no_such_database`, ...INIT], /has no database "no_such_database"/, 1],
      [['audit', 'verify', '--database', `${server}/no_such_database`], /has no database "no_such_database"/, 1],
    ]
    for (const [argv, said, code] of cases) {
      const io = fakeIo({ SWITCHBOARD_ADMIN_PASSWORD: OPERATOR.admin.password })
      expect(await main(argv, io.io), argv.join(' ')).toBe(code)
      expect(io.err().trim().split('\n'), argv.join(' ')).toHaveLength(1)
      expect(io.err(), argv.join(' ')).toMatch(said)
    }
  })
})

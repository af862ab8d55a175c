import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { expect, test } from '../fixtures'

/**
 * `switchboard demo seed` as users run it: the built command (bin/switchboard.js → out/main/cli.js),
 * whose trigram index is made by a worker thread from a script the bundle carries. Lives with the e2e
 * specs because they run on the build; the unit tests cover the same code from source.
 */
const BIN = path.resolve(import.meta.dirname, '..', '..', '..', 'bin', 'switchboard.js')

test('the built switchboard demo seed builds the search index on a second thread, and it finds users', async ({ host }) => {
  test.skip(host !== 'browser', 'a command-line check; run once')
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-cli-seed-'))
  try {
    const out = execFileSync(
      process.execPath,
      [BIN, 'demo', 'seed', '--data', dataDir, '--tenants', '3', '--users', '12000', '--seed', '3'],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    expect(out).toMatch(/Seeded 3 organisations and 12,000 users into .+ \([\d,]+ users\/s; search index built on a second thread\)\.\n$/)
    expect(fs.readdirSync(dataDir).filter((f) => f.includes('.search-'))).toEqual([])
    const db = new Database(path.join(dataDir, 'switchboard.sqlite'), { readonly: true })
    try {
      const indexed = db.prepare(`select count(*) as n from users_find where users_find match '"example"'`).get() as { n: number }
      expect(indexed.n).toBe(12_000)
    } finally {
      db.close()
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
})

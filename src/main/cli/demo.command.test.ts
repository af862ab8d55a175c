import fs from 'node:fs'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { storeFileIn } from '../db/store'
import { fakeIo } from '../../../tests/support/cli-io'
import { tempDir } from '../../../tests/support/temp-backend'
import { main } from './main'

describe('switchboard demo seed and switchboard check', () => {
  it('seeds a store with progress on stderr, then checks it whole', async () => {
    const dataDir = tempDir()
    const seeded = fakeIo()
    expect(
      await main(['demo', 'seed', '--data', dataDir, '--tenants', '3', '--users', '600', '--tickets', '30', '--seed', '5'], seeded.io),
    ).toBe(0)
    expect(seeded.out()).toMatch(/^Seeded 3 organisations and 600 users into .+ in \d+\.\d s \([\d,]+ users\/s\)\.\n$/)
    // Not a terminal: one line per tenth, ending at 100% with an ETA.
    expect(seeded.err()).toMatch(/Seeding: 100% \(\d+s elapsed, ETA 0s\)\n$/)
    const db = new Database(storeFileIn(dataDir), { readonly: true })
    expect(db.prepare('select count(*) as n from users').get()).toEqual({ n: 600 })
    expect(db.prepare('select count(*) as n from tickets').get()).toEqual({ n: 30 })
    db.close()

    const checked = fakeIo()
    expect(await main(['check', '--data', dataDir], checked.io)).toBe(0)
    expect(checked.out()).toMatch(/integrity check passed/)
  })

  it('refuses missing or malformed counts, and a store that fails its check', async () => {
    const dataDir = tempDir()
    const missing = fakeIo()
    expect(await main(['demo', 'seed', '--data', dataDir, '--users', '10'], missing.io)).toBe(2)
    expect(missing.err()).toMatch(/--tenants is required/)
    const malformed = fakeIo()
    expect(await main(['demo', 'seed', '--data', dataDir, '--tenants', 'many', '--users', '10'], malformed.io)).toBe(2)
    expect(malformed.err()).toMatch(/--tenants must be a whole number/)

    fs.writeFileSync(storeFileIn(dataDir), Buffer.from('not a database '.repeat(500)))
    const bad = fakeIo()
    expect(await main(['check', '--data', dataDir], bad.io)).toBe(1)
    expect(bad.err()).toMatch(/not a readable Switchboard store/)
  })
})

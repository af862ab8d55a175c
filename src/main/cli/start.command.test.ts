import fs from 'node:fs'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { seedOperator } from '../../../tests/support/seed'
import { tempBackend, tempDir } from '../../../tests/support/temp-backend'
import { acquireDataLock } from '../data-lock'
import { storeFileIn } from '../db/store'
import { prepareDemoStore } from './demo-start'
import type { Io } from './io'
import { main } from './main'

function fakeIo() {
  const out: string[] = []
  const err: string[] = []
  const io: Io = { out: (t) => void out.push(t), err: (t) => void err.push(t), env: {}, readStdinLine: async () => null }
  return { io, out, err }
}

describe('switchboard start', () => {
  it('refuses a corrupt data file with a clear message, exit 1, and leaves it as it was', async () => {
    const dataDir = tempDir()
    const garbage = Buffer.from('definitely not sqlite '.repeat(300))
    fs.writeFileSync(storeFileIn(dataDir), garbage)
    const { io, err } = fakeIo()
    expect(await main(['start', '--browser', '--no-open', '--data', dataDir], io)).toBe(1)
    expect(err.join('')).toMatch(/is not a readable Switchboard store.*left untouched/s)
    expect(fs.readFileSync(storeFileIn(dataDir)).equals(garbage)).toBe(true)
  })

  it('refuses a port that is not a port', async () => {
    const { io, err } = fakeIo()
    expect(await main(['start', '--browser', '--port', 'eighty'], io)).toBe(2)
    expect(err.join('')).toMatch(/--port must be a number from 0 to 65535/)
  })

  it("does not open a data directory another console has: it prints that console's link instead", async () => {
    const dataDir = tempDir()
    const running = acquireDataLock(dataDir, 'the browser shell')
    try {
      running.setUrl('http://127.0.0.1:41233/?k=the-run-secret')
      const { io, out } = fakeIo()
      expect(await main(['start', '--browser', '--no-open', '--data', dataDir], io)).toBe(0)
      expect(out.join('')).toMatch(/already running on .* \(process \d+\)\.\n {2}Console: http:\/\/127\.0\.0\.1:41233\/\?k=the-run-secret/)
      // The store was never opened, let alone created.
      expect(fs.existsSync(storeFileIn(dataDir))).toBe(false)
    } finally {
      running.release()
    }
  })

  it('refuses, naming the holder, when the console that has the data directory has no link to give', async () => {
    const dataDir = tempDir()
    const running = acquireDataLock(dataDir, 'the desktop app')
    try {
      const { io, err } = fakeIo()
      expect(await main(['start', '--browser', '--no-open', '--data', dataDir], io)).toBe(1)
      expect(err.join('')).toMatch(/The desktop app \(process \d+ on .*\) already has .* open/)
      expect(fs.existsSync(storeFileIn(dataDir))).toBe(false)
    } finally {
      running.release()
    }
  })
})

describe('switchboard start --demo', () => {
  it('makes the demo in an empty directory, opens a demo directory as it is, and refuses a store of your own', async () => {
    const dataDir = tempDir()
    const { io, out, err } = fakeIo()
    await prepareDemoStore(dataDir, io)
    expect(out.join('')).toMatch(/Made the demo in/)
    expect(err.join('')).toMatch(/Making the demo/)
    const db = new Database(storeFileIn(dataDir), { readonly: true })
    expect(db.prepare('select count(*) as n from organisations where is_demo = 1').get()).toEqual({ n: 5 })
    db.close()
    const again = fakeIo()
    await prepareDemoStore(dataDir, again.io)
    expect(again.out.join('')).toMatch(/Opening the demo in/)

    const own = tempDir()
    const backend = tempBackend(own)
    await seedOperator(backend)
    await backend.close()
    const refused = fakeIo()
    expect(await main(['start', '--demo', '--browser', '--no-open', '--data', own], refused.io)).toBe(1)
    expect(refused.err.join('')).toMatch(/holds a console of your own, so no demo is made there/)
  })
})

import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../tests/support/temp-backend'
import { storeFileIn } from '../db/store'
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
})

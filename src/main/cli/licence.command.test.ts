import { generateKeyPairSync } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../tests/support/temp-backend'
import { signLicence } from '../licence/licence-file'
import type { Io } from './io'
import { main } from './main'

function setup() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  const out: string[] = []
  const err: string[] = []
  const io: Io = {
    out: (t) => void out.push(t),
    err: (t) => void err.push(t),
    env: {},
    readStdinLine: async () => null,
    licenceKeys: [publicKey.export({ type: 'spki', format: 'pem' }).toString()],
  }
  const dir = tempDir()
  const write = (name: string, text: string) => {
    const file = path.join(dir, name)
    fs.writeFileSync(file, text)
    return file
  }
  return { io, out, err, privateKey, dataDir: path.join(dir, 'data'), write }
}

const payload = {
  licensee: 'Northwind MSP',
  features: ['helpdesk' as const],
  issuedAt: '2026-01-01T00:00:00.000Z',
  expiresAt: '2099-01-01T00:00:00.000Z',
}

describe('switchboard licence', () => {
  it('installs a valid licence file and shows it', async () => {
    const t = setup()
    const file = t.write('licence.json', signLicence(payload, t.privateKey))
    expect(await main(['licence', 'install', file, '--data', t.dataDir], t.io)).toBe(0)
    expect(t.out.join('')).toContain('Licensed to Northwind MSP until 2099-01-01')
    expect(await main(['licence', 'show', '--data', t.dataDir], t.io)).toBe(0)
    expect(t.out.join('')).toContain('Features: helpdesk')
  })

  it('refuses a tampered or expired file and keeps evaluation mode', async () => {
    const t = setup()
    const expired = t.write('old.json', signLicence({ ...payload, expiresAt: '2020-01-01T00:00:00.000Z' }, t.privateKey))
    expect(await main(['licence', 'install', expired, '--data', t.dataDir], t.io)).toBe(1)
    expect(t.err.join('')).toMatch(/Licence refused: The licence for Northwind MSP expired on 2020-01-01/)
    const good = JSON.parse(signLicence(payload, t.privateKey)) as { payload: string }
    const tampered = t.write(
      'bad.json',
      JSON.stringify({
        ...good,
        payload: Buffer.from(JSON.stringify({ ...payload, features: ['helpdesk', 'rmm'] })).toString('base64url'),
      }),
    )
    expect(await main(['licence', 'install', tampered, '--data', t.dataDir], t.io)).toBe(1)
    expect(t.err.join('')).toMatch(/signature does not match/)
    expect(await main(['licence', 'show', '--data', t.dataDir], t.io)).toBe(0)
    expect(t.out.join('')).toContain('evaluation mode')
  })

  it('says what is missing', async () => {
    const t = setup()
    expect(await main(['licence', 'install', '--data', t.dataDir], t.io)).toBe(2)
    expect(await main(['licence', 'install', '/nonexistent/licence.json', '--data', t.dataDir], t.io)).toBe(1)
    expect(t.err.join('')).toMatch(/Cannot read \/nonexistent\/licence.json/)
  })
})

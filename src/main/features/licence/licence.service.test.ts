import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../../tests/support/temp-backend'
import { seedOperator, seedUser } from '../../../../tests/support/seed'
import { type AppError } from '../../../shared/errors'
import { openBackend } from '../../backend'
import { BUILT_IN_LICENCE_KEY, signLicence, verifyLicence } from '../../licence/licence-file'

function testKeys() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  return { publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), privateKey }
}

const payload = {
  licensee: 'Northwind MSP',
  features: ['helpdesk', 'crm'] as ('helpdesk' | 'crm')[],
  issuedAt: '2026-01-01T00:00:00.000Z',
  expiresAt: '2027-01-01T00:00:00.000Z',
}

describe('licence verification', () => {
  const keys = testKeys()
  const text = signLicence(payload, keys.privateKey)
  const now = new Date('2026-06-01T00:00:00Z')

  it('accepts a licence signed by a trusted key', () => {
    const check = verifyLicence(text, [keys.publicPem], now)
    expect(check).toMatchObject({ ok: true, licence: { licensee: 'Northwind MSP', features: ['helpdesk', 'crm'] } })
  })

  it('refuses a tampered licence', () => {
    const file = JSON.parse(text) as { payload: string }
    const forged = Buffer.from(JSON.stringify({ ...payload, features: ['helpdesk', 'crm', 'rmm'] })).toString('base64url')
    const check = verifyLicence(JSON.stringify({ ...file, payload: forged }), [keys.publicPem], now)
    expect(check).toMatchObject({ ok: false, problem: 'TAMPERED' })
  })

  it('refuses a licence from another key, including against the built-in key', () => {
    expect(verifyLicence(text, [testKeys().publicPem], now)).toMatchObject({ ok: false, problem: 'TAMPERED' })
    expect(verifyLicence(text, [BUILT_IN_LICENCE_KEY], now)).toMatchObject({ ok: false, problem: 'TAMPERED' })
  })

  it('refuses an expired licence, to the second', () => {
    expect(verifyLicence(text, [keys.publicPem], new Date('2026-12-31T23:59:59Z')).ok).toBe(true)
    expect(verifyLicence(text, [keys.publicPem], new Date('2027-01-01T00:00:00Z'))).toMatchObject({ ok: false, problem: 'EXPIRED' })
  })

  it('refuses something that is not a licence file', () => {
    expect(verifyLicence('hello', [keys.publicPem], now)).toMatchObject({ ok: false, problem: 'MALFORMED' })
  })
})

describe('licence service', () => {
  it('runs in evaluation mode until a licence is installed, then grants exactly its features', async () => {
    const keys = testKeys()
    const dataDir = tempDir()
    const backend = openBackend({
      dataDir,
      config: { mailFrom: 'x@y.test' },
      licenceKeys: [keys.publicPem],
      clock: { now: () => new Date('2026-06-01T00:00:00Z') },
    })
    try {
      const op = await seedOperator(backend)
      expect(backend.services.licence.status()).toMatchObject({
        status: 'none',
        features: ['helpdesk', 'crm', 'rmm', 'billing', 'reporting', 'assets'],
      })
      const installed = backend.services.licence.install(op.actor, signLicence(payload, keys.privateKey))
      expect(installed).toMatchObject({ status: 'valid', licensee: 'Northwind MSP', features: ['helpdesk', 'crm'] })
      expect(backend.services.organisations.featuresOf(op.tenantId)).toEqual(['helpdesk', 'crm'])
      // A code the licence lacks is accepted, with a warning that it has no effect.
      const contoso = backend.services.organisations.create(op.actor, {
        name: 'Contoso',
        slug: 'contoso',
        isAdminTenant: false,
        isDemo: false,
      })
      const updated = backend.services.organisations.update(op.actor, {
        id: contoso.id,
        name: 'Contoso',
        slug: 'contoso',
        isAdminTenant: false,
        isDemo: false,
        featuresEnabled: ['crm', 'rmm'],
      })
      expect(updated.organisation).toMatchObject({ featuresEnabled: ['crm', 'rmm'], effectiveFeatures: ['crm'] })
      expect(updated.warnings).toEqual(['RMM (rmm) is not in the licence, so enabling it has no effect.'])

      const tampered = JSON.parse(signLicence(payload, keys.privateKey)) as Record<string, string>
      tampered.signature = tampered.signature!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))
      let refused: unknown
      try {
        backend.services.licence.install(op.actor, JSON.stringify(tampered))
      } catch (error) {
        refused = error
      }
      expect((refused as AppError).fields?.text).toMatch(/signature does not match/)
      expect(backend.services.licence.status().status).toBe('valid')

      const admin = await seedUser(backend, op.tenantId, 'ADMIN', 'Ann Admin')
      expect(() => backend.services.licence.install(admin.actor, signLicence(payload, keys.privateKey))).toThrow(/cannot install a licence/)
    } finally {
      backend.close()
    }
  })

  it('an installed licence that expires grants nothing and says so', async () => {
    const keys = testKeys()
    const clock = {
      at: new Date('2026-12-31T00:00:00Z'),
      now() {
        return this.at
      },
    }
    const b = openBackend({ dataDir: tempDir(), config: { mailFrom: 'x@y.test' }, licenceKeys: [keys.publicPem], clock })
    try {
      const op = await seedOperator(b)
      b.services.licence.install(op.actor, signLicence(payload, keys.privateKey))
      clock.at = new Date('2027-01-02T00:00:00Z')
      expect(b.services.licence.status()).toMatchObject({
        status: 'expired',
        features: [],
        message: expect.stringMatching(/expired on 2027-01-01/),
      })
      expect(b.services.organisations.featuresOf(op.tenantId)).toEqual([])
    } finally {
      b.close()
    }
  })
})

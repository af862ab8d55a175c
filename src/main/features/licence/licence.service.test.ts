import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { backendOn, describeEngines } from '../../../../tests/support/engines'
import { seedOperator, seedUser } from '../../../../tests/support/seed'
import { failure } from '../../../../tests/support/failure'
import { tempBackend } from '../../../../tests/support/temp-backend'
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

describeEngines('licence service', (engine) => {
  it('runs in evaluation mode until a licence is installed, then grants exactly its features', async () => {
    const keys = testKeys()
    const backend = await backendOn(engine, { mailFrom: 'x@y.test' }, [keys.publicPem])
    backend.clock.set(new Date('2026-06-01T00:00:00Z'))
    const op = await seedOperator(backend)
    expect(await backend.services.licence.status()).toMatchObject({
      status: 'none',
      features: ['helpdesk', 'crm', 'rmm', 'billing', 'reporting', 'assets'],
    })
    const installed = await backend.services.licence.install(op.actor, signLicence(payload, keys.privateKey))
    expect(installed).toMatchObject({ status: 'valid', licensee: 'Northwind MSP', features: ['helpdesk', 'crm'] })
    expect(await backend.services.organisations.featuresOf(op.tenantId)).toEqual(['helpdesk', 'crm'])
    // A code the licence lacks is accepted, with a warning that it has no effect.
    const contoso = await backend.services.organisations.create(op.actor, {
      name: 'Contoso',
      slug: 'contoso',
      isAdminTenant: false,
      isDemo: false,
    })
    const updated = await backend.services.organisations.update(op.actor, {
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
    const refused = await failure(() => backend.services.licence.install(op.actor, JSON.stringify(tampered)))
    expect(refused.fields?.text).toMatch(/signature does not match/)
    expect((await backend.services.licence.status()).status).toBe('valid')

    const admin = await seedUser(backend, op.tenantId, 'ADMIN', 'Ann Admin')
    await expect(backend.services.licence.install(admin.actor, signLicence(payload, keys.privateKey))).rejects.toThrow(
      /cannot install a licence/,
    )
  })

  it('an installed licence that expires grants nothing and says so', async () => {
    const keys = testKeys()
    const b = await backendOn(engine, { mailFrom: 'x@y.test' }, [keys.publicPem])
    b.clock.set(new Date('2026-12-31T00:00:00Z'))
    const op = await seedOperator(b)
    await b.services.licence.install(op.actor, signLicence(payload, keys.privateKey))
    b.clock.set(new Date('2027-01-02T00:00:00Z'))
    expect(await b.services.licence.status()).toMatchObject({
      status: 'expired',
      features: [],
      message: expect.stringMatching(/expired on 2027-01-01/),
    })
    expect(await b.services.organisations.featuresOf(op.tenantId)).toEqual([])
  })
})

/**
 * SQLite keeps the licence row in process (issue 22); `switchboard licence install` writes it from
 * another process while the console runs, and the console must see it at its next call, as before.
 */
describe('licence installed by another process [sqlite]', () => {
  it('is seen at the next call, and so is its expiry', async () => {
    const keys = testKeys()
    const running = tempBackend(undefined, undefined, [keys.publicPem])
    running.clock.set(new Date('2026-06-01T00:00:00Z'))
    const op = await seedOperator(running)
    expect(await running.services.organisations.featuresOf(op.tenantId)).toEqual([
      'helpdesk',
      'crm',
      'rmm',
      'billing',
      'reporting',
      'assets',
    ])
    expect((await running.services.licence.status()).status).toBe('none')

    const cli = tempBackend(running.dataDir, undefined, [keys.publicPem])
    cli.clock.set(new Date('2026-06-01T00:00:00Z'))
    await cli.services.licence.install(null, signLicence(payload, keys.privateKey))
    await cli.close()

    expect(await running.services.licence.status()).toMatchObject({ status: 'valid', features: ['helpdesk', 'crm'] })
    expect(await running.services.organisations.featuresOf(op.tenantId)).toEqual(['helpdesk', 'crm'])
    running.clock.set(new Date('2027-01-01T00:00:00Z'))
    expect(await running.services.licence.status()).toMatchObject({ status: 'expired', features: [] })
  })
})

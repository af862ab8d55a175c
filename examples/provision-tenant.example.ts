/**
 * Provisions a customer organisation on a Switchboard instance: signs in, creates the
 * organisation, switches into it, invites its first admin and lists the pending invitations.
 * Typed by openapi-typescript from the instance's own document:
 *   npx openapi-typescript https://switchboard.example.com/api/openapi.json -o switchboard-api.d.ts
 * Run: SWITCHBOARD_URL=https://switchboard.example.com SWITCHBOARD_EMAIL=… SWITCHBOARD_PASSWORD=… npx tsx provision-tenant.example.ts
 * A SUPER_ADMIN of a new instance has an authenticator app (the instance requires it): give its key
 * (base32, as shown when it was set up) as SWITCHBOARD_TOTP_SECRET, and the script computes the code.
 */
import { randomUUID } from 'node:crypto'
import createClient from 'openapi-fetch'
import { Secret, TOTP } from 'otpauth'
import type { components, paths } from './switchboard-api.js'

type ApiError = components['schemas']['Error']

export interface Provisioning {
  baseUrl: string
  email: string
  password: string
  /** The authenticator app's key (base32), for an account with a second factor. */
  totpSecret?: string
  organisation: { name: string; slug: string }
  admin: { email: string }
}

/** Every refusal has the same shape: branch on `code` and `data.reason`, show `message`. */
function refused(step: string, error: ApiError): Error {
  return new Error(`${step}: ${error.code}${error.data?.reason ? ` (${error.data.reason})` : ''}: ${error.message}`)
}

export async function provisionTenant({ baseUrl, email, password, totpSecret, organisation, admin }: Provisioning) {
  const api = createClient<paths>({ baseUrl: `${baseUrl}/api` })

  // The session token comes back in a response header, never in the body.
  const bearer = { header: { 'x-switchboard-session': 'bearer' as const } }
  let signIn = await api.POST('/auth/signIn', { body: { email, password }, params: bearer })
  // With a second factor the password opens no session yet: the code goes with the pending token.
  if (signIn.error?.data?.reason === 'SECOND_FACTOR_REQUIRED' && signIn.error.data.pendingToken && totpSecret) {
    const code = new TOTP({ secret: Secret.fromBase32(totpSecret) }).generate()
    signIn = await api.POST('/auth/verifySecondFactor', { body: { pendingToken: signIn.error.data.pendingToken, code }, params: bearer })
  }
  if (signIn.error) throw refused('sign in', signIn.error)
  const token = signIn.response.headers.get('x-switchboard-session-token')
  if (!token) throw new Error('sign in: the instance answered no session token')
  api.use({
    onRequest: ({ request }) => {
      request.headers.set('Authorization', `Bearer ${token}`)
      return request
    },
  })

  try {
    // An Idempotency-Key makes a retried mutation safe: the instance answers the first result again.
    const created = await api.POST('/organisations/create', {
      body: { ...organisation, isAdminTenant: false, isDemo: false },
      params: { header: { 'Idempotency-Key': randomUUID() } },
    })
    if (created.error) throw refused('create organisation', created.error)

    // Invitations go to the acting tenant: act in the new organisation first.
    const switched = await api.POST('/auth/switchTenant', { body: { tenantId: created.data.id } })
    if (switched.error) throw refused('switch tenant', switched.error)

    const invited = await api.POST('/invitations/create', {
      body: { email: admin.email, role: 'ADMIN' },
      params: { header: { 'Idempotency-Key': randomUUID() } },
    })
    if (invited.error) throw refused('invite', invited.error)

    const pending = await api.POST('/invitations/list')
    if (pending.error) throw refused('list invitations', pending.error)
    return { organisation: created.data, invitation: invited.data.invitation, pending: pending.data }
  } finally {
    await api.POST('/auth/signOut')
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  const env = (name: string) => process.env[name] ?? ''
  const result = await provisionTenant({
    baseUrl: env('SWITCHBOARD_URL'),
    email: env('SWITCHBOARD_EMAIL'),
    password: env('SWITCHBOARD_PASSWORD'),
    totpSecret: process.env.SWITCHBOARD_TOTP_SECRET,
    organisation: { name: 'Contoso', slug: 'contoso' },
    admin: { email: 'it@contoso.example' },
  })
  console.log(`${result.organisation.name}: invited ${result.pending.map((i) => i.email).join(', ')}`)
}

import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto'
import * as z from 'zod'
import { featureSchema } from '../../shared/contract'
import type { Feature } from '../../shared/features'

/**
 * Switchboard's licence signing key (Ed25519, public half). Licences are signed offline by
 * the vendor; the private key is never part of the app or this repository.
 */
export const BUILT_IN_LICENCE_KEY = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAqDWHxrCkvadqnd8Iq/cxWCMUxpBFOiNTKGxcbloCE7k=
-----END PUBLIC KEY-----`

const LICENCE_FORMAT = 'switchboard-licence/1'

const payloadSchema = z.object({
  licensee: z.string().min(1),
  features: z.array(featureSchema),
  issuedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
})
type LicencePayload = z.infer<typeof payloadSchema>

const fileSchema = z.object({ format: z.literal(LICENCE_FORMAT), payload: z.string(), signature: z.string() })

export interface Licence {
  licensee: string
  features: Feature[]
  issuedAt: Date
  expiresAt: Date
}

type LicenceCheck =
  { ok: true; licence: Licence } | { ok: false; problem: 'MALFORMED' | 'TAMPERED' | 'EXPIRED'; message: string; licence?: Licence }

/** Signs a licence; used by the vendor's signing script and by tests with their own key pair. */
export function signLicence(payload: LicencePayload, privateKey: KeyObject): string {
  const bytes = Buffer.from(JSON.stringify(payloadSchema.parse(payload)), 'utf8')
  const signature = sign(null, bytes, privateKey)
  return JSON.stringify(
    { format: LICENCE_FORMAT, payload: bytes.toString('base64url'), signature: signature.toString('base64url') },
    null,
    2,
  )
}

/** Checks format, signature (against any trusted key) and expiry, in that order. */
export function verifyLicence(text: string, trustedKeys: readonly string[], now: Date): LicenceCheck {
  return expiryChecked(verifySignature(text, trustedKeys), now)
}

/**
 * The part of the check that does not depend on the time: format and signature. A licence's text
 * always gets the same answer here, so a caller may keep it (the licence service does, per text).
 */
export function verifySignature(text: string, trustedKeys: readonly string[]): LicenceCheck {
  let file: z.infer<typeof fileSchema>
  try {
    file = fileSchema.parse(JSON.parse(text))
  } catch {
    return {
      ok: false,
      problem: 'MALFORMED',
      message: `This is not a Switchboard licence file (expected JSON of format "${LICENCE_FORMAT}").`,
    }
  }
  const bytes = Buffer.from(file.payload, 'base64url')
  const signature = Buffer.from(file.signature, 'base64url')
  const signed = trustedKeys.some((pem) => {
    try {
      return verify(null, bytes, createPublicKey(pem), signature)
    } catch {
      return false
    }
  })
  if (!signed)
    return {
      ok: false,
      problem: 'TAMPERED',
      message:
        'The licence signature does not match: the file was altered or was not issued for Switchboard. Install the file exactly as you received it.',
    }
  const parsed = payloadSchema.safeParse(JSON.parse(bytes.toString('utf8')))
  if (!parsed.success)
    return {
      ok: false,
      problem: 'MALFORMED',
      message: 'The licence is signed but its contents are not understood by this version of Switchboard.',
    }
  const licence: Licence = {
    licensee: parsed.data.licensee,
    features: parsed.data.features,
    issuedAt: new Date(parsed.data.issuedAt),
    expiresAt: new Date(parsed.data.expiresAt),
  }
  return { ok: true, licence }
}

/** A signed licence checked against the time: expired from its `expiresAt`, to the millisecond. */
export function expiryChecked(check: LicenceCheck, now: Date): LicenceCheck {
  if (!check.ok) return check
  const { licence } = check
  if (now.getTime() >= licence.expiresAt.getTime()) {
    return {
      ok: false,
      problem: 'EXPIRED',
      message: `The licence for ${licence.licensee} expired on ${licence.expiresAt.toISOString().slice(0, 10)}. Install a renewed licence.`,
      licence,
    }
  }
  return check
}

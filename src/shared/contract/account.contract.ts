import * as z from 'zod'
import { documented } from './operation-docs'

/** How many recovery codes an enrolment (or a regeneration) hands out. */
export const RECOVERY_CODE_COUNT = 10

/** A code from an authenticator app: 6 digits (spaces, as apps show them, are dropped). */
export const totpCodeSchema = z
  .string()
  .trim()
  .regex(/^\d{3} ?\d{3}$/, 'Enter the 6-digit code from your authenticator app')

/** A recovery code as shown at enrolment (`abcde-fghij`); case, spaces and hyphens do not matter. */
export const recoveryCodeSchema = z.string().trim().min(1, 'Enter one of your recovery codes').max(64, 'That is not a recovery code')

/** The half-way token of a sign-in with a second factor, as `auth.signIn` handed it out. */
export const pendingTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'This sign-in has expired. Sign in again with your password.')

/** What proves it is still the account's owner before a factor is removed or codes are replaced: a current code, or the password. */
export const ownerProofSchema = z
  .object({
    code: totpCodeSchema.optional(),
    password: z.string().min(1, 'Enter your password').max(1024).optional(),
  })
  .refine((proof) => (proof.code === undefined) !== (proof.password === undefined), {
    message: 'Enter a code from your authenticator app, or your password',
    path: ['code'],
  })
export type OwnerProof = z.infer<typeof ownerProofSchema>

export const secondFactorStatusSchema = z.object({
  /** The authenticator app, once a first code confirmed it; null while there is none (or it is still being set up). */
  totp: z.object({ confirmedAt: z.date() }).nullable(),
  /** How many passkeys the user has registered (listed by `account.passkeys`). */
  passkeys: z.number().int(),
  /** Recovery codes not used yet. */
  recoveryCodesLeft: z.number().int(),
})
export type SecondFactorStatus = z.infer<typeof secondFactorStatusSchema>

export const totpEnrolmentSchema = z.object({
  /** The key in base32, for typing into an app that cannot scan. */
  secret: z.string(),
  /** The `otpauth://totp/…` URI the QR code holds. */
  uri: z.string(),
  /** The QR code of `uri`, as an SVG document made on the backend (no third party sees the key). */
  qrSvg: z.string(),
})
export type TotpEnrolment = z.infer<typeof totpEnrolmentSchema>

export const recoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) })

// ── Passkeys (WebAuthn) ─────────────────────────────────────────────────────────────────────────

/** At most this many passkeys per user. */
export const MAX_PASSKEYS = 20

/** What the user calls a passkey ("Work laptop", "YubiKey 5"). */
export const passkeyNameSchema = z
  .string()
  .trim()
  .min(1, 'Give the passkey a name, such as the device it is on')
  .max(60, 'Use at most 60 characters')

export const passkeySchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.date(),
  /** When it last finished a sign-in or a step-up; null while never. */
  lastUsedAt: z.date().nullable(),
})
export type Passkey = z.infer<typeof passkeySchema>

const b64url = z
  .string()
  .max(16_384)
  .regex(/^[A-Za-z0-9_-]*={0,2}$/, 'Not base64url')

/** What `startRegistration` of @simplewebauthn/browser answers (navigator.credentials.create as JSON). */
export const passkeyRegistrationSchema = z.object({
  id: b64url,
  rawId: b64url,
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: b64url,
    attestationObject: b64url,
    transports: z.array(z.string().max(32)).max(10).optional(),
  }),
  authenticatorAttachment: z.string().max(32).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()).optional(),
})
export type PasskeyRegistration = z.infer<typeof passkeyRegistrationSchema>

/** What `startAuthentication` of @simplewebauthn/browser answers (navigator.credentials.get as JSON). */
export const passkeyAssertionSchema = z.object({
  id: b64url,
  rawId: b64url,
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: b64url,
    authenticatorData: b64url,
    signature: b64url,
    userHandle: b64url.optional(),
  }),
  authenticatorAttachment: z.string().max(32).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()).optional(),
})
export type PasskeyAssertion = z.infer<typeof passkeyAssertionSchema>

/** WebAuthn options as JSON, for `startRegistration({ optionsJSON })` / `startAuthentication({ optionsJSON })`. */
export const webauthnOptionsSchema = z.object({ options: z.record(z.string(), z.unknown()) })

export const accountContract = {
  secondFactor: documented({
    summary: 'Your second factors',
    description:
      'Whether the signed-in user has an authenticator app confirmed, how many passkeys they have, and how many of their recovery codes are left. Only ever about the caller.',
  })
    .input(z.void())
    .output(secondFactorStatusSchema),
  startTotp: documented({
    summary: 'Start setting up an authenticator app',
    description:
      'Makes a new authenticator key for the caller and answers it (base32, as an `otpauth://` URI and as a QR code). It counts only after `account.confirmTotp` with a first code; starting again replaces a key that was never confirmed. Refused with 409 while an app is confirmed (remove it first). The key is stored encrypted; the answer is never kept for idempotent replays, so a retry makes a new key.',
    errors: ['CONFLICT'],
  })
    .input(z.void())
    .output(totpEnrolmentSchema),
  confirmTotp: documented({
    summary: 'Confirm the authenticator app',
    description: `Checks a first code from the app: from now on signing in asks for a code. Answers ${RECOVERY_CODE_COUNT} recovery codes, shown this once (each works once, in place of a code), when the app is the caller's first second factor; with a passkey set up already the recovery codes the caller has stay, and the list is empty. A wrong or reused code answers 422 with reason \`SECOND_FACTOR_INVALID\` on the \`code\` field (never 401: the session is fine); repeated failures answer 422 with reason \`THROTTLED\`. 409 when no set-up was started or it is confirmed already.`,
    errors: ['CONFLICT', 'UNAVAILABLE'],
  })
    .input(z.object({ code: totpCodeSchema }))
    .output(recoveryCodesSchema),
  removeTotp: documented({
    summary: 'Remove the authenticator app',
    description:
      'Removes the caller’s authenticator app after a current code or their password; when it was their last second factor (no passkey), their recovery codes go too and signing in asks for the password alone again. A wrong or reused code, or a wrong password, answers 422 with reason `SECOND_FACTOR_INVALID` on its field (throttled: reason `THROTTLED`). 404 when there is none.',
    errors: ['NOT_FOUND', 'UNAVAILABLE'],
  })
    .input(ownerProofSchema)
    .output(z.object({ ok: z.literal(true) })),
  regenerateRecoveryCodes: documented({
    summary: 'Make new recovery codes',
    description: `After a current code or the password: ${RECOVERY_CODE_COUNT} new recovery codes, shown this once; the old ones stop working. 404 without a second factor (an authenticator app or a passkey). A wrong or reused code, or a wrong password, answers 422 with reason \`SECOND_FACTOR_INVALID\` (throttled: reason \`THROTTLED\`).`,
    errors: ['NOT_FOUND', 'UNAVAILABLE'],
  })
    .input(ownerProofSchema)
    .output(recoveryCodesSchema),
  passkeys: documented({
    summary: 'Your passkeys',
    description:
      'The signed-in user’s passkeys, oldest first: name, when each was added and when it was last used. Only ever the caller’s.',
  })
    .input(z.void())
    .output(z.array(passkeySchema)),
  startPasskey: documented({
    summary: 'Start adding a passkey',
    description:
      'WebAuthn registration options for the caller (pass them to `navigator.credentials.create`, e.g. `startRegistration({ optionsJSON: options })` of @simplewebauthn/browser), then send the answer to `account.finishPasskey` within 5 minutes. The challenge belongs to this session and works once; asking again replaces it. The relying party is the instance’s public URL (`localhost` in the browser shell). 503 with reason `PASSKEYS_UNAVAILABLE` where passkeys cannot work (the desktop app on its own store, an address that is not a domain name). 409 with reason `PASSKEY_LIMIT` at ' +
      `${MAX_PASSKEYS} passkeys.`,
    errors: ['CONFLICT', 'UNAVAILABLE'],
  })
    .input(z.void())
    .output(webauthnOptionsSchema),
  finishPasskey: documented({
    summary: 'Finish adding a passkey',
    description: `The authenticator's answer to \`account.startPasskey\` (as JSON) and a name for the passkey. From now on signing in asks for a second factor. When it is the caller's first factor (no authenticator app, no other passkey), answers ${RECOVERY_CODE_COUNT} recovery codes, shown this once. No pending challenge (never asked, used, expired, or another session's) answers 422 with reason \`SECOND_FACTOR_EXPIRED\`; an answer that does not check out (wrong challenge, origin or relying party, malformed) 422 with reason \`SECOND_FACTOR_INVALID\`; nothing is added either way.`,
    errors: ['CONFLICT', 'UNAVAILABLE'],
  })
    .input(z.object({ name: passkeyNameSchema, response: passkeyRegistrationSchema }))
    .output(z.object({ passkey: passkeySchema, recoveryCodes: z.array(z.string()).optional() })),
  renamePasskey: documented({
    summary: 'Rename a passkey',
    description: 'Gives one of the caller’s passkeys a new name. 404 when the caller has no passkey with that id.',
    errors: ['NOT_FOUND'],
  })
    .input(z.object({ id: z.string().max(64), name: passkeyNameSchema }))
    .output(passkeySchema),
  removePasskey: documented({
    summary: 'Remove a passkey',
    description:
      'Removes one of the caller’s passkeys after a current code from the authenticator app or the password (as `account.removeTotp`). Removing the last second factor removes the recovery codes too: signing in then asks for the password alone. A wrong code or password answers 422 with reason `SECOND_FACTOR_INVALID` (throttled: reason `THROTTLED`); 404 when the caller has no passkey with that id.',
    errors: ['NOT_FOUND', 'UNAVAILABLE'],
  })
    .input(z.object({ id: z.string().max(64), proof: ownerProofSchema }))
    .output(z.object({ ok: z.literal(true) })),
}

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

export const accountContract = {
  secondFactor: documented({
    summary: 'Your second factors',
    description:
      'Whether the signed-in user has an authenticator app confirmed, and how many of their recovery codes are left. Only ever about the caller.',
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
    description: `Checks a first code from the app: from now on signing in asks for a code. Answers ${RECOVERY_CODE_COUNT} recovery codes, shown this once (each works once, in place of a code). A wrong or reused code answers 422 with reason \`SECOND_FACTOR_INVALID\` on the \`code\` field (never 401: the session is fine); repeated failures answer 422 with reason \`THROTTLED\`. 409 when no set-up was started or it is confirmed already.`,
    errors: ['CONFLICT', 'UNAVAILABLE'],
  })
    .input(z.object({ code: totpCodeSchema }))
    .output(recoveryCodesSchema),
  removeTotp: documented({
    summary: 'Remove the authenticator app',
    description:
      'Removes the caller’s authenticator app and their recovery codes, after a current code or their password: signing in asks for the password alone again. A wrong or reused code, or a wrong password, answers 422 with reason `SECOND_FACTOR_INVALID` on its field (throttled: reason `THROTTLED`). 404 when there is none.',
    errors: ['NOT_FOUND', 'UNAVAILABLE'],
  })
    .input(ownerProofSchema)
    .output(z.object({ ok: z.literal(true) })),
  regenerateRecoveryCodes: documented({
    summary: 'Make new recovery codes',
    description: `After a current code or the password: ${RECOVERY_CODE_COUNT} new recovery codes, shown this once; the old ones stop working. 404 without a confirmed authenticator app. A wrong or reused code, or a wrong password, answers 422 with reason \`SECOND_FACTOR_INVALID\` (throttled: reason \`THROTTLED\`).`,
    errors: ['NOT_FOUND', 'UNAVAILABLE'],
  })
    .input(ownerProofSchema)
    .output(recoveryCodesSchema),
}

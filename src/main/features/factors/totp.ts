import { Secret, TOTP } from 'otpauth'

/** RFC 6238 as every authenticator app takes it: SHA-1, 6 digits, 30-second steps. */
export const TOTP_PERIOD_SECONDS = 30
const DIGITS = 6
/** Steps of clock skew accepted either way. */
const SKEW_STEPS = 1
const ISSUER = 'Switchboard'

const totpOf = (secretBase32: string, account = '') =>
  new TOTP({
    issuer: ISSUER,
    label: account,
    algorithm: 'SHA1',
    digits: DIGITS,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  })

/** A new key: 160 random bits (RFC 4226's recommendation), base32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32
}

/** The `otpauth://totp/…` URI an app scans, naming the account. */
export function totpUri(secretBase32: string, account: string): string {
  return totpOf(secretBase32, account).toString()
}

/** The 30-second step a moment falls in. */
export function stepAt(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS)
}

/** The code for a moment (tests, and nothing else: the backend never shows a code). */
export function totpCodeAt(secretBase32: string, at: Date): string {
  return totpOf(secretBase32).generate({ timestamp: at.getTime() })
}

/**
 * The step a code belongs to if it is right for now or one step either side, else null. The caller
 * refuses a step at or before the last accepted one, so that no code works twice.
 */
export function matchingStep(secretBase32: string, code: string, now: Date): number | null {
  const delta = totpOf(secretBase32).validate({ token: code, timestamp: now.getTime(), window: SKEW_STEPS })
  return delta === null ? null : stepAt(now) + delta
}

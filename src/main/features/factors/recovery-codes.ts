import { randomInt } from 'node:crypto'
import { RECOVERY_CODE_COUNT } from '../../../shared/contract/account.contract'

// No 0/o, 1/l/i: codes are read off paper and typed back.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'
const LENGTH = 10

/** Ten new codes, `abcde-fghij` (about 49 bits each, and each is tried only under the sign-in throttle). */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')
    return `${chars.slice(0, 5)}-${chars.slice(5)}`
  })
}

/** What is hashed and compared: the code without case, spaces or hyphens. */
export function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9]/g, '')
}

import { hash, verify } from '@node-rs/argon2'

// OWASP's argon2id recommendation: m=19 MiB, t=2, p=1. Algorithm 2 is Argon2id
// (the package's const enum cannot be imported under isolatedModules).
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS)
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}

let dummyHash: Promise<string> | undefined
/**
 * Verifies against a throwaway hash so that "no such user" costs as much as a wrong
 * password and cannot be told apart by timing.
 */
export async function burnVerify(password: string): Promise<void> {
  dummyHash ??= hashPassword('switchboard-dummy-password')
  await verifyPassword(await dummyHash, password)
}

import { describe, expect, it } from 'vitest'
import { backendOn, describeEngines } from '../../../../tests/support/engines'
import { failure } from '../../../../tests/support/failure'
import { OPERATOR, tempBackend, tempDir } from '../../../../tests/support/temp-backend'
import { seedOperator } from '../../../../tests/support/seed'
import { AppError, ErrorCode, ErrorReason } from '../../../shared/errors'
import type { Backend } from '../../backend'
import { SIGN_IN_FAILED } from '../auth/auth.service'
import { createThrottle, DEFAULT_THROTTLE, throttledMessage } from './throttle.service'

const WRONG = 'not the password at all'
const { email, password } = OPERATOR.admin

/** What a client sees of a refused sign-in. */
async function refused(backend: Backend, who: string, pass = WRONG) {
  const error = await failure(() => backend.services.auth.signIn(who, pass))
  return { code: error.code, message: error.message, reason: error.reason, retryAfterSeconds: error.retryAfterSeconds }
}

const failed = { code: ErrorCode.UNAUTHENTICATED, message: SIGN_IN_FAILED, reason: undefined, retryAfterSeconds: undefined }
const throttled = (seconds: number) => ({
  code: ErrorCode.UNAUTHENTICATED,
  message: throttledMessage(seconds),
  reason: ErrorReason.THROTTLED,
  retryAfterSeconds: seconds,
})

describeEngines('sign-in throttling', (engine) => {
  it('waits 1 s after the 5th failure, doubling, to the millisecond; the same for an unknown email; success clears it', async () => {
    const backend = await backendOn(engine)
    await seedOperator(backend)
    // The account and an email nobody has, typed differently each time, in lockstep.
    const both = async (pass = WRONG) => [
      await refused(backend, `  ${email.toUpperCase()} `, pass),
      await refused(backend, 'nobody@x.test', pass),
    ]
    for (let i = 1; i <= 5; i++) expect(await both()).toEqual([failed, failed])
    backend.clock.advance(999)
    // Blocked: the right password is not even checked.
    expect(await both(password)).toEqual([throttled(1), throttled(1)])
    backend.clock.advance(1)
    expect(await both()).toEqual([failed, failed])
    expect(await both()).toEqual([throttled(2), throttled(2)])
    backend.clock.advance(1999)
    expect(await both()).toEqual([throttled(1), throttled(1)])
    backend.clock.advance(1)
    await expect(backend.services.auth.signIn(email, password)).resolves.toBeTruthy()
    // Cleared by the success: the count starts again.
    for (let i = 1; i <= 5; i++) expect(await refused(backend, email)).toEqual(failed)
  })

  it("never lets one account's lockout touch another's sign-in", async () => {
    const backend = await backendOn(engine)
    await seedOperator(backend)
    for (let i = 1; i <= 6; i++) await refused(backend, 'someone.else@northwind.test')
    expect((await refused(backend, 'someone.else@northwind.test')).reason).toBe(ErrorReason.THROTTLED)
    await expect(backend.services.auth.signIn(email, password)).resolves.toBeTruthy()
  })

  it('lets no burst of concurrent guesses past the 5 free failures', async () => {
    const backend = await backendOn(engine)
    await seedOperator(backend)
    const outcomes = await Promise.allSettled(Array.from({ length: 12 }, () => backend.services.auth.signIn(email, WRONG)))
    const reasons = outcomes.map((o) => (o.status === 'rejected' ? ((o.reason as AppError).reason ?? 'failed') : 'signed in'))
    expect(reasons.filter((r) => r === 'failed')).toHaveLength(5)
    expect(reasons.filter((r) => r === ErrorReason.THROTTLED)).toHaveLength(7)
  })
})

describe('sign-in throttling in a store file', () => {
  it('keeps the count across a restart', async () => {
    const dataDir = tempDir()
    const before = tempBackend(dataDir)
    await seedOperator(before)
    for (let i = 1; i <= 5; i++) await refused(before, email)
    const at = before.clock.now()
    await before.close()
    const after = tempBackend(dataDir)
    after.clock.set(new Date(at.getTime() + 999))
    expect(await refused(after, email, password)).toEqual(throttled(1))
  })
})

describeEngines('the throttle', (engine) => {
  const refuse = () => {
    throw new AppError(ErrorCode.NOT_FOUND, 'no such link')
  }
  const reasonOf = async (run: () => Promise<unknown>) => {
    try {
      await run()
      return 'ran'
    } catch (error) {
      return (error as AppError).reason ?? (error as AppError).code
    }
  }
  const rowsOf = (backend: Backend) => backend.engine.read(({ db, t }) => db.select().from(t.attemptThrottle))

  it('doubles up to 15 minutes and no further', async () => {
    const backend = await backendOn(engine)
    const throttle = createThrottle(backend.engine, backend.clock)
    for (let i = 1; i <= 20; i++) {
      expect(await reasonOf(() => throttle.guard('k', refuse))).toBe(ErrorCode.NOT_FOUND)
      const wait = (await rowsOf(backend))[0]!.blockedUntil.getTime() - backend.clock.now().getTime()
      expect(wait).toBe(i < 5 ? 0 : Math.min(2 ** (i - 5) * 1000, 15 * 60 * 1000))
      backend.clock.advance(wait)
    }
  })

  it('throttles link attempts per client: a blocked client is refused even a good link, another is not', async () => {
    const backend = await backendOn(engine)
    const throttle = createThrottle(backend.engine, backend.clock)
    for (let i = 1; i <= 5; i++) expect(await reasonOf(() => throttle.guard('link:a', refuse))).toBe(ErrorCode.NOT_FOUND)
    expect(await reasonOf(() => throttle.guard('link:a', () => 'a good link'))).toBe(ErrorReason.THROTTLED)
    expect(await reasonOf(() => throttle.guard('link:b', () => 'a good link'))).toBe('ran')
  })

  it('stays bounded under a flood of made-up keys, forgetting idle keys first', async () => {
    const backend = await backendOn(engine)
    const throttle = createThrottle(backend.engine, backend.clock, { ...DEFAULT_THROTTLE, maxKeys: 50 })
    for (let i = 0; i < 40; i++) await reasonOf(() => throttle.guard(`old-${i}`, refuse))
    backend.clock.advance(DEFAULT_THROTTLE.forgetAfterMs)
    await reasonOf(() => throttle.guard('fresh-0', refuse))
    expect((await rowsOf(backend)).map((r) => r.key)).toEqual(['fresh-0'])
    for (let i = 1; i < 200; i++) {
      backend.clock.advance(1)
      await reasonOf(() => throttle.guard(`fresh-${i}`, refuse))
    }
    const rows = await rowsOf(backend)
    expect(rows).toHaveLength(50)
    expect(rows.map((r) => r.key)).toContain('fresh-199')
  })

  it('counts concurrent failures of one key each once: none is lost between read and write', async () => {
    const backend = await backendOn(engine)
    const throttle = createThrottle(backend.engine, backend.clock, { ...DEFAULT_THROTTLE, freeFailures: 100 })
    await Promise.all(Array.from({ length: 10 }, () => reasonOf(() => throttle.guard('k', refuse))))
    expect((await rowsOf(backend)).map((r) => r.failures)).toEqual([10])
  })
})

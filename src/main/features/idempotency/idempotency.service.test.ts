import { describe, expect, it } from 'vitest'
import { backendOn, describeEngines } from '../../../../tests/support/engines'
import { ErrorCode, ErrorReason } from '../../../shared/errors'
import { instanceKey } from '../../security/instance-key'
import {
  createIdempotencyService,
  IDEMPOTENCY_LEASE_MS,
  IDEMPOTENCY_TTL_MS,
  isIdempotencyKey,
  KEY_REUSED,
  KEY_RUNNING,
  type IdempotentStart,
} from './idempotency.service'

const call = { userId: 'u1', tenantId: 't1', path: '/rpc/teams/create', key: 'K' }
const body = JSON.stringify({ name: 'Support' })

/** The `finish` of a start that runs; fails the test on a replay. */
function running(start: IdempotentStart) {
  if ('replay' in start) throw new Error(`replayed ${start.replay.body}`)
  return start.finish
}

describe('idempotency keys', () => {
  it('are 1 to 200 visible ASCII characters', () => {
    expect(['a', 'x'.repeat(200), '550e8400-e29b-41d4-a716-446655440000'].map(isIdempotencyKey)).toEqual([true, true, true])
    expect(['', 'x'.repeat(201), 'with space', 'é'].map(isIdempotencyKey)).toEqual([false, false, false, false])
  })
})

describeEngines('idempotent calls', (engine) => {
  it('runs the first request, replays its successful answer, and refuses the key for another body', async () => {
    const backend = await backendOn(engine)
    const idempotency = backend.services.idempotency
    await running(await idempotency.begin(call, body))(200, '{"id":"team-1"}')
    expect(await idempotency.begin(call, body)).toEqual({ replay: { status: 200, body: '{"id":"team-1"}' } })
    await expect(idempotency.begin(call, JSON.stringify({ name: 'Other' }))).rejects.toMatchObject({
      code: ErrorCode.VALIDATION,
      message: KEY_REUSED,
    })
    // Another user, tenant or operation under the same key is another call.
    running(await idempotency.begin({ ...call, tenantId: 't2' }, body))
    // Forgotten after a day: the same call runs again.
    backend.clock.advance(IDEMPOTENCY_TTL_MS + 1)
    running(await idempotency.begin(call, body))
  })

  it('forgets a failed answer, so that its retry runs again', async () => {
    const backend = await backendOn(engine)
    const idempotency = backend.services.idempotency
    await running(await idempotency.begin(call, body))(409, '{"code":"CONFLICT"}')
    await running(await idempotency.begin(call, body))(0, '')
    await running(await idempotency.begin(call, body))(200, '{"id":"team-1"}')
    expect(await idempotency.begin(call, body)).toEqual({ replay: { status: 200, body: '{"id":"team-1"}' } })
  })

  it('says a call without an answer is still running for its lease, from any process, and lets a retry take it over after', async () => {
    const backend = await backendOn(engine)
    const idempotency = backend.services.idempotency
    const first = running(await idempotency.begin(call, body))
    const stillRunning = { code: ErrorCode.CONFLICT, message: KEY_RUNNING, reason: ErrorReason.STILL_RUNNING }
    await expect(idempotency.begin(call, body)).rejects.toMatchObject(stillRunning)
    // Another process (services of their own over the same database) is told the same: the row alone says so.
    const elsewhere = createIdempotencyService(backend.engine, backend.clock, () => instanceKey(backend.dataDir, 'fingerprint'))
    await expect(elsewhere.begin(call, body)).rejects.toMatchObject(stillRunning)
    backend.clock.advance(IDEMPOTENCY_LEASE_MS - 1)
    await expect(idempotency.begin(call, body)).rejects.toMatchObject(stillRunning)

    // Past the lease the first request's process is taken to have died: the retry runs, under a lease of its own.
    backend.clock.advance(1)
    const second = running(await elsewhere.begin(call, body))
    await expect(idempotency.begin(call, body)).rejects.toMatchObject(stillRunning)
    // The first request, had it lived on, can neither answer for nor forget the call it lost.
    await first(500, '')
    await expect(idempotency.begin(call, body)).rejects.toMatchObject(stillRunning)
    await first(200, '{"id":"from-the-first"}')
    await expect(idempotency.begin(call, body)).rejects.toMatchObject(stillRunning)
    await second(200, '{"id":"team-2"}')
    expect(await idempotency.begin(call, body)).toEqual({ replay: { status: 200, body: '{"id":"team-2"}' } })
  })

  it('lets exactly one of many concurrent first requests run', async () => {
    const backend = await backendOn(engine)
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => backend.services.idempotency.begin(call, body)))
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1)
    expect(
      outcomes.filter((o) => o.status === 'rejected' && (o.reason as { reason?: string }).reason === ErrorReason.STILL_RUNNING),
    ).toHaveLength(7)
  })
})

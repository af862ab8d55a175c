import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createORPCClient } from '@orpc/client'
import { RPCLink as HttpLink } from '@orpc/client/fetch'
import { RPCLink as PortLink } from '@orpc/client/message-port'
import { StandardRPCJsonSerializer } from '@orpc/client/standard'
import { os } from '@orpc/server'
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { httpRpcHandler, isoString, portRpcHandler, RpcJsonSerializer } from './rpc-handler'

const orpc = new StandardRPCJsonSerializer()
const ours = new RpcJsonSerializer()

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

describe('isoString', () => {
  it('writes what toISOString writes, for any moment of the years 0–9999 and beyond them', () => {
    const edges = [
      0,
      -1,
      Date.UTC(2000, 1, 29, 23, 59, 59, 999),
      Date.UTC(1900, 2, 1),
      Date.UTC(1000, 0, 1),
      Date.UTC(999, 11, 31, 23, 59, 59, 999),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
      Date.UTC(10000, 0, 1),
      -62198755200000, // year -1
      8.64e15,
      -8.64e15,
    ]
    for (const ms of edges) expect(isoString(new Date(ms))).toBe(new Date(ms).toISOString())
    fc.assert(
      fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (ms) => isoString(new Date(ms)) === new Date(ms).toISOString()),
      { numRuns: 20_000 },
    )
  })
})

describe('RpcJsonSerializer', () => {
  it('gives oRPC’s own answer for the shapes of the contract’s outputs', () => {
    const answer = {
      items: [
        { id: 'a', sentAt: new Date(Date.UTC(2026, 11, 7, 8, 5, 3, 9)), invitedBy: { id: 'u', name: 'Ann' }, sendError: null, n: 3 },
        { id: 'b', sentAt: new Date(Number.NaN), invitedBy: null, note: undefined, ratio: Number.NaN, far: Infinity },
      ],
      list: [1, undefined, 'x', [new Date(0), undefined]],
      nextCursor: null,
      total: { value: 120, capped: false },
    }
    const serialized = ours.serialize(answer)
    expect(serialized).toEqual(orpc.serialize(answer))
    // The marks the renderer's client reads the moments back by.
    expect(serialized[1]).toEqual([
      [1, 'items', 0, 'sentAt'],
      [1, 'items', 1, 'sentAt'],
      [2, 'items', 1, 'ratio'],
      [3, 'list', 1],
      [1, 'list', 3, 0],
      [3, 'list', 3, 1],
    ])
    expect(orpc.deserialize(serialized[0], serialized[1])).toEqual(answer)
  })

  it('leaves what it does not walk itself to oRPC: the answer is oRPC’s all the same', () => {
    const odd: unknown[] = [
      new Set([1, new Date(5)]),
      new Map([['k', new Date(6)]]),
      new URL('https://switchboard.test/x'),
      /ab+c/gi,
      12n,
      new Point(1, 2),
      new Blob(['x']),
      [1, , 3], // eslint-disable-line no-sparse-arrays
      Object.assign(Object.create(null) as object, { at: new Date(7) }),
      { toJSON: () => 'replaced', kept: 1 },
      () => 1,
      Symbol('s'),
      undefined,
      new Date(8),
      'plain',
    ]
    for (const value of odd) {
      expect(ours.serialize(value)).toEqual(orpc.serialize(value))
      expect(ours.serialize({ nested: [value] })).toEqual(orpc.serialize({ nested: [value] }))
    }
  })

  it('gives oRPC’s answer for any value', () => {
    const anything = fc.anything({
      withDate: true,
      withNullPrototype: true,
      withBigInt: true,
      withMap: true,
      withSet: true,
      withSparseArray: true,
      withTypedArray: true,
      withBoxedValues: true,
      withObjectString: true,
    })
    fc.assert(
      fc.property(anything, (value) => {
        expect(ours.serialize(value)).toEqual(orpc.serialize(value))
      }),
      { numRuns: 2_000 },
    )
  })
})

/** An answer the fast walk serializes by itself (a Set, say, would send it all to oRPC's). */
const router = {
  moments: os.handler(() => ({
    at: new Date(Date.UTC(2026, 11, 7, 9, 30)),
    rows: [{ sentAt: new Date(Date.UTC(2026, 0, 1)), expiresAt: new Date(Number.NaN) }],
    gaps: [1, undefined, 3],
  })),
}
const expected = {
  at: new Date(Date.UTC(2026, 11, 7, 9, 30)),
  rows: [{ sentAt: new Date(Date.UTC(2026, 0, 1)), expiresAt: new Date(Number.NaN) }],
  gaps: [1, undefined, 3],
}

describe('the RPC handlers over it', () => {
  const servers: http.Server[] = []
  afterEach(() => {
    for (const server of servers.splice(0)) server.close()
  })

  it('answer over HTTP what oRPC’s client reads back as the same values', async () => {
    const handler = httpRpcHandler(router, {})
    const server = http.createServer((req, res) => void handler.handle(req, res, { prefix: '/rpc' }))
    servers.push(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const client = createORPCClient<{ moments: () => Promise<typeof expected> }>(
      new HttpLink({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/rpc` }),
    )
    expect(await client.moments()).toEqual(expected)
  })

  it('answer over a MessagePort what oRPC’s client reads back as the same values', async () => {
    const { port1, port2 } = new MessageChannel()
    portRpcHandler(router, {}).upgrade(port2)
    port2.start()
    port1.start()
    const client = createORPCClient<{ moments: () => Promise<typeof expected> }>(new PortLink({ port: port1 }))
    expect(await client.moments()).toEqual(expected)
    port1.close()
  })
})

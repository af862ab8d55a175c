import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createORPCClient } from '@orpc/client'
import { RPCLink } from '@orpc/client/fetch'
import { createTanstackQueryUtils } from '@orpc/tanstack-query'
import { InfiniteQueryObserver, QueryClient } from '@tanstack/query-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SwitchboardClient } from '../../src/shared/contract'
import { Role } from '../../src/shared/contract/constants'
import { KEYSET_PAGING } from '../../src/renderer/src/lib/lists'

/**
 * Search as you type over a real loopback HTTP server that answers only when told: a search
 * overtaken by newer text has its request aborted, and the rows of the last answer stay while the
 * newest comes. (The transport is the browser shell's; the query utilities are the console's own.)
 */
interface Held {
  search: string
  aborted: boolean
  answer: (names: string[]) => void
}
const held: Held[] = []
let server: http.Server
let base: string

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString()))
    req.on('end', () => {
      const entry: Held = {
        search: (JSON.parse(body) as { json: { search: string } }).json.search,
        aborted: false,
        answer: (names) => {
          const items = names.map((name, i) => ({
            id: `id-${i}`,
            name,
            email: `${name}@x.test`,
            role: Role.AGENT,
            active: true,
            lastSignInAt: null,
          }))
          res
            .writeHead(200, { 'Content-Type': 'application/json' })
            .end(JSON.stringify({ json: { items, nextCursor: null, total: items.length } }))
        },
      }
      res.on('close', () => (entry.aborted = !res.writableFinished))
      held.push(entry)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(() => {
  server.closeAllConnections()
  server.close()
})

async function until(check: () => boolean) {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10))
  expect(check()).toBe(true)
}

describe('a keyset-paged list searched as you type', () => {
  it('aborts the request of a search overtaken by newer text and keeps the last rows on screen meanwhile', async () => {
    const orpc = createTanstackQueryUtils(createORPCClient<SwitchboardClient>(new RPCLink({ url: `${base}/rpc` })))
    const options = (search: string) =>
      orpc.users.list.infiniteOptions({ input: (cursor: string | undefined) => ({ search, cursor, limit: 50 }), ...KEYSET_PAGING })
    const client = new QueryClient()
    const observer = new InfiniteQueryObserver(client, options('a'))
    const unsubscribe = observer.subscribe(() => undefined)

    await until(() => held.length === 1)
    held[0]!.answer(['Ann', 'Andy'])
    await until(() => observer.getCurrentResult().isSuccess)

    observer.setOptions(options('an'))
    await until(() => held.length === 2)
    observer.setOptions(options('ann'))
    await until(() => held.length === 3)

    // "an" was overtaken before its answer: its request is aborted, not left to finish.
    await until(() => held[1]!.aborted)
    expect(held.map((h) => h.search)).toEqual(['a', 'an', 'ann'])
    // While "ann" is on its way the rows for "a" stay, marked as a placeholder: no flash of an empty list.
    const waiting = observer.getCurrentResult()
    expect(waiting.isPlaceholderData).toBe(true)
    expect(waiting.data?.pages[0]?.items.map((u) => u.name)).toEqual(['Ann', 'Andy'])

    held[2]!.answer(['Ann'])
    await until(() => !observer.getCurrentResult().isPlaceholderData)
    expect(observer.getCurrentResult().data?.pages[0]?.items.map((u) => u.name)).toEqual(['Ann'])
    expect(held[2]!.aborted).toBe(false)
    unsubscribe()
    client.clear()
  })
})

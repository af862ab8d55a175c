import { QueryClient, QueryObserver, type QueryKey } from '@tanstack/react-query'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ASKED_AHEAD_MS, askAhead, refetchUnlessAskedAhead } from './ask-ahead'

/** A query as a screen of the console defines it, over a counting answer, with the screens' defaults (refetch on every look). */
function counted(key: string) {
  let asked = 0
  const options = {
    queryKey: [key] as QueryKey,
    queryFn: async () => ++asked,
    refetchOnMount: refetchUnlessAskedAhead,
  }
  return { options, asked: () => asked }
}

/** A screen looking at the query (TanStack Query's own observer, as useQuery subscribes it): resolves with what it settles on. */
function look(client: QueryClient, options: ReturnType<typeof counted>['options']) {
  const observer = new QueryObserver(client, options)
  let stop = () => {}
  const settled = new Promise<number>((resolve) => {
    stop = observer.subscribe((result) => {
      if (result.status === 'success' && result.fetchStatus === 'idle') resolve(result.data as number)
    })
    const now = observer.getCurrentResult()
    if (now.status === 'success' && now.fetchStatus === 'idle') resolve(now.data as number)
  })
  return { settled, stop: () => stop() }
}

const ahead = (client: QueryClient, options: ReturnType<typeof counted>['options']) =>
  new Promise<void>((resolve) => {
    askAhead(client, options.queryKey, () => client.prefetchQuery(options).then(resolve))
  })

const client = () => new QueryClient({ defaultOptions: { queries: { retry: false } } })

afterEach(() => vi.useRealTimers())

describe('asking ahead for a screen', () => {
  it('the screen’s first look takes the answer asked ahead; a later look asks again', async () => {
    const c = client()
    const q = counted('first-look')
    await ahead(c, q.options)
    await new Promise((resolve) => setTimeout(resolve, 0))
    const first = look(c, q.options)
    expect(await first.settled).toBe(1)
    expect(q.asked()).toBe(1)
    first.stop()

    const second = look(c, q.options)
    await vi.waitFor(() => expect(q.asked()).toBe(2))
    expect(await second.settled).toBe(2)
    second.stop()
  })

  it('an answer waiting for its screen is not asked for twice (a link pointed at, then pressed)', async () => {
    const c = client()
    const q = counted('twice-ahead')
    await ahead(c, q.options)
    await new Promise((resolve) => setTimeout(resolve, 0))
    askAhead(c, q.options.queryKey, () => c.prefetchQuery(q.options))
    const seen = look(c, q.options)
    expect(await seen.settled).toBe(1)
    expect(q.asked()).toBe(1)
    seen.stop()
  })

  it('asks again once the answer is older than the limit', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const c = client()
    const old = counted('old')
    await ahead(c, old.options)
    await new Promise((resolve) => setTimeout(resolve, 0))
    vi.setSystemTime(Date.now() + ASKED_AHEAD_MS + 1)
    const late = look(c, old.options)
    await vi.waitFor(() => expect(old.asked()).toBe(2))
    late.stop()
  })

  it('asks again once something said the answer is out of date', async () => {
    const c = client()
    const stale = counted('invalidated')
    await ahead(c, stale.options)
    await new Promise((resolve) => setTimeout(resolve, 0))
    await c.invalidateQueries({ queryKey: stale.options.queryKey, refetchType: 'none' })
    const seen = look(c, stale.options)
    await vi.waitFor(() => expect(stale.asked()).toBe(2))
    seen.stop()
  })

  it('an answer asked for while a screen already watches it is that screen’s: the next look asks again', async () => {
    const c = client()
    const q = counted('watched')
    const watching = look(c, q.options)
    expect(await watching.settled).toBe(1)
    await ahead(c, q.options)
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(q.asked()).toBe(2)
    watching.stop()
    const next = look(c, q.options)
    await vi.waitFor(() => expect(q.asked()).toBe(3))
    next.stop()
  })
})

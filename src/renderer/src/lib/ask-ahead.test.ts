import { QueryClient, QueryObserver, type QueryKey } from '@tanstack/react-query'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ASKED_AHEAD_MS, DRAWN_WITH_ANSWER_MS, askAhead, refetchUnlessAskedAhead } from './ask-ahead'

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

/** Asks ahead for the query and waits until the answer has landed (and, unless a screen watches, waits for its screen). */
async function ahead(client: QueryClient, options: ReturnType<typeof counted>['options']) {
  let landed: Promise<unknown> = Promise.resolve()
  await askAhead(client, options.queryKey, () => (landed = client.prefetchQuery(options)))
  // askAhead's own step after the answer was chained first, so it has run when this one does.
  await landed
}

/** A query whose answer comes only when `answer()` is called, and whether the ask ahead for it has settled. */
function held(client: QueryClient, key: string, before?: string) {
  let answer = () => {}
  const options = { queryKey: [key] as QueryKey, queryFn: () => new Promise<string>((resolve) => (answer = () => resolve('in'))) }
  if (before !== undefined) client.setQueryData(options.queryKey, before)
  let settled = false
  void askAhead(client, options.queryKey, () => client.prefetchQuery(options)).then(() => (settled = true))
  return { answer: () => answer(), settled: () => settled, data: () => client.getQueryData(options.queryKey) }
}

const client = () => new QueryClient({ defaultOptions: { queries: { retry: false } } })

afterEach(() => vi.useRealTimers())

describe('asking ahead for a screen', () => {
  it('the screen’s first look takes the answer asked ahead; a later look asks again', async () => {
    const c = client()
    const q = counted('first-look')
    await ahead(c, q.options)
    const first = look(c, q.options)
    expect(await first.settled).toBe(1)
    expect(q.asked()).toBe(1)
    first.stop()

    const second = look(c, q.options)
    await vi.waitFor(() => expect(q.asked()).toBe(2))
    expect(await second.settled).toBe(2)
    second.stop()
  })

  it('a screen on its way waits for the answer: the ask settles once it is in', async () => {
    const c = client()
    const q = held(c, 'waited-for')
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(q.settled()).toBe(false)
    q.answer()
    await vi.waitFor(() => expect(q.settled()).toBe(true))
    expect(q.data()).toBe('in')
  })

  it(`a screen waits ${DRAWN_WITH_ANSWER_MS} ms at most: then it is drawn without the answer, which comes when it comes`, async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const c = client()
    const q = held(c, 'slow')
    await vi.advanceTimersByTimeAsync(DRAWN_WITH_ANSWER_MS - 1)
    expect(q.settled()).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(q.settled()).toBe(true)
    expect(q.data()).toBeUndefined()
    q.answer()
    await vi.waitFor(() => expect(q.data()).toBe('in'))
  })

  it('a screen with an answer to draw does not wait for the next one', async () => {
    const c = client()
    const q = held(c, 'had-one', 'earlier')
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(q.settled()).toBe(true)
    expect(q.data()).toBe('earlier')
    q.answer()
    await vi.waitFor(() => expect(q.data()).toBe('in'))
  })

  it('an answer waiting for its screen is not asked for twice (a link pointed at, then pressed)', async () => {
    const c = client()
    const q = counted('twice-ahead')
    await ahead(c, q.options)
    await ahead(c, q.options)
    const seen = look(c, q.options)
    expect(await seen.settled).toBe(1)
    expect(q.asked()).toBe(1)
    seen.stop()
  })

  it.each([
    {
      what: 'older than the limit',
      spoil: async () => {
        vi.useFakeTimers({ toFake: ['Date'] })
        vi.setSystemTime(Date.now() + ASKED_AHEAD_MS + 1)
      },
    },
    {
      what: 'said to be out of date',
      spoil: (c: QueryClient, key: QueryKey) => c.invalidateQueries({ queryKey: key, refetchType: 'none' }),
    },
  ])('asks again once the answer is $what', async ({ what, spoil }) => {
    const c = client()
    const q = counted(what)
    await ahead(c, q.options)
    await spoil(c, q.options.queryKey)
    const seen = look(c, q.options)
    await vi.waitFor(() => expect(q.asked()).toBe(2))
    seen.stop()
  })

  it('an answer asked for while a screen already watches it is that screen’s: the next look asks again', async () => {
    const c = client()
    const q = counted('watched')
    const watching = look(c, q.options)
    expect(await watching.settled).toBe(1)
    await ahead(c, q.options)
    expect(q.asked()).toBe(2)
    watching.stop()
    const next = look(c, q.options)
    await vi.waitFor(() => expect(q.asked()).toBe(3))
    next.stop()
  })
})

import net from 'node:net'
import { eq, sql } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { backendOn, describeEngines, describeOn } from '../../../tests/support/engines'
import { first, type Conn, type Engine } from './engine'

/** A counter row in attempt_throttle, the simplest table: `failures` is the count. */
const KEY = 'engine-test'
const at = new Date(0)

async function counter(engine: Engine): Promise<number> {
  return engine.read(
    async ({ db, t }) => (await first(db.select().from(t.attemptThrottle).where(eq(t.attemptThrottle.key, KEY))))?.failures ?? 0,
  )
}

async function setCounter({ db, t }: Conn, key: string, failures: number): Promise<void> {
  await db
    .insert(t.attemptThrottle)
    .values({ key, failures, blockedUntil: at, lastFailureAt: at })
    .onConflictDoUpdate({ target: t.attemptThrottle.key, set: { failures } })
}

/** Read, yield to everything else that is waiting, then write: a lost update unless transactions are serialised. */
async function increment(engine: Engine, immediate: boolean): Promise<void> {
  await engine.transaction(
    async (conn) => {
      const now = (await first(conn.db.select().from(conn.t.attemptThrottle).where(eq(conn.t.attemptThrottle.key, KEY))))?.failures ?? 0
      await new Promise((resolve) => setTimeout(resolve, 5))
      await setCounter(conn, KEY, now + 1)
    },
    { immediate },
  )
}

describeEngines('the engine seam', (name) => {
  it('commits what a transaction wrote, and rolls all of it back when it throws', async () => {
    const { engine } = await backendOn(name)
    await engine.transaction((conn) => setCounter(conn, KEY, 1))
    const failed = engine.transaction(async (conn) => {
      await setCounter(conn, KEY, 2)
      throw new Error('changed my mind')
    })
    await expect(failed).rejects.toThrow('changed my mind')
    expect(await counter(engine)).toBe(1)
  })

  it('joins a nested transaction as a savepoint: its failure undoes only its own writes', async () => {
    const { engine } = await backendOn(name)
    await engine.transaction(async (conn) => {
      await setCounter(conn, KEY, 1)
      await engine
        .transaction(async (inner) => {
          await setCounter(inner, KEY, 99)
          throw new Error('inner failure')
        })
        .catch(() => undefined)
      // The outer transaction sees its own write, not the inner one's.
      expect((await first(conn.db.select().from(conn.t.attemptThrottle).where(eq(conn.t.attemptThrottle.key, KEY))))?.failures).toBe(1)
    })
    expect(await counter(engine)).toBe(1)
  })

  it('serialises immediate transactions: twenty concurrent read-then-write increments lose none', async () => {
    const { engine } = await backendOn(name)
    await Promise.all(Array.from({ length: 20 }, () => increment(engine, true)))
    expect(await counter(engine)).toBe(20)
  })

  it('a read outside a transaction never sees what a running transaction has not committed', async () => {
    const { engine } = await backendOn(name)
    await engine.transaction((conn) => setCounter(conn, KEY, 1))
    let release!: () => void
    const holding = new Promise<void>((resolve) => (release = resolve))
    const writer = engine.transaction(async (conn) => {
      await setCounter(conn, KEY, 2)
      await holding
      throw new Error('rolled back')
    })
    const seen = engine.read(
      async ({ db, t }) => (await first(db.select().from(t.attemptThrottle).where(eq(t.attemptThrottle.key, KEY))))?.failures,
    )
    release()
    await expect(writer).rejects.toThrow('rolled back')
    expect(await seen).toBe(1)
  })
})

describeOn('pg')('PostgreSQL retries', () => {
  it('reruns a transaction that lost a deadlock, so both sides of it succeed', async () => {
    const { engine } = await backendOn('pg')
    await engine.transaction(async (conn) => {
      await setCounter(conn, 'left', 0)
      await setCounter(conn, 'right', 0)
    })
    let attempts = 0
    // Each locks one row, waits until the other has locked its row, then asks for the other's: a deadlock.
    let bothLocked!: () => void
    let locked = 0
    const ready = new Promise<void>((resolve) => (bothLocked = resolve))
    const cross = (mine: string, theirs: string) =>
      engine.transaction(async ({ db, t }) => {
        const bump = (key: string) =>
          db
            .update(t.attemptThrottle)
            .set({ failures: sql`${t.attemptThrottle.failures} + 1` })
            .where(eq(t.attemptThrottle.key, key))
        attempts++
        await bump(mine)
        if (++locked === 2) bothLocked()
        await Promise.race([ready, new Promise((resolve) => setTimeout(resolve, 500))])
        await bump(theirs)
      })
    await Promise.all([cross('left', 'right'), cross('right', 'left')])
    expect(attempts).toBeGreaterThan(2)
    const rows = await engine.read(({ db, t }) => db.select().from(t.attemptThrottle))
    expect(Object.fromEntries(rows.map((r) => [r.key, r.failures]))).toEqual({ left: 2, right: 2 })
  })
})

describeOn('sqlite')('SQLite turns and the event loop', () => {
  // Queries are synchronous and turns are chained promises: a long queue must still let the event loop
  // go round, or a busy instance accepts no connection (Node accepts one per loop iteration) until the
  // queue runs dry. Under load that left new clients unanswered for over 10 s (issue 22).
  it('accepts a connection while calls are queued back to back, long before the queue runs dry', async () => {
    const { engine } = await backendOn('sqlite')
    const server = net.createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as net.AddressInfo
    const CALLS = 300
    let done = 0
    const accepted = new Promise<number>((resolve) =>
      server.once('connection', (socket) => {
        socket.destroy()
        resolve(done)
      }),
    )
    try {
      // Real work on the connection for each call: counting through a recursive CTE.
      const calls = Array.from({ length: CALLS }, () =>
        engine.read(async ({ db }) => {
          db.get(sql`with recursive c(n) as (select 1 union all select n + 1 from c where n < 5000) select count(*) from c`)
          done++
        }),
      )
      const client = net.connect(port, '127.0.0.1')
      client.on('error', () => undefined)
      await Promise.all(calls)
      const doneWhenAccepted = await accepted
      client.destroy()
      expect(done).toBe(CALLS)
      expect(doneWhenAccepted).toBeLessThan(CALLS / 2)
    } finally {
      server.close()
    }
  })
})

import { INSTANCE_ADMINS } from '../../../shared/access'
import type { DemoProgressEvent, DemoStatus } from '../../../shared/contract'
import { AppError, ErrorCode, ErrorReason } from '../../../shared/errors'
import type { Clock } from '../../clock'
import type { Engine } from '../../db/engine'
import { requireRole } from '../access'
import type { Actor } from '../actor'
import { AuditResult } from '../audit/audit.repository'
import { mutate, recordAction } from '../audit/mutation'
import { insertTicketsWithWork } from '../helpdesk/helpdesk.repository'
import { insertInvitations } from '../invitations/invitations.repository'
import { countOrganisations, insertOrganisation } from '../organisations/organisations.repository'
import { insertTeamsWithMembers } from '../teams/teams.repository'
import { findUserById, insertUsers } from '../users/users.repository'
import { generateDemo } from './demo-generator'
import { findDemoStore, insertDemoStore } from './demo.repository'

/** The seed of Explore the demo: every prospect meets the same companies, people and tickets. */
export const DEFAULT_DEMO_SEED = 2126

export type DemoAction = 'demo.explore' | 'demo.reset'
type Write = (seed: number, anchor: Date, action: DemoAction) => Promise<void>

/**
 * What only the host can do: close this store and open an empty one in its place, the old file
 * moved aside (`keptIn`, a data directory of its own) or deleted. Answers how to write the demo into
 * the new store. Only a host over an SQLite file has one: a PostgreSQL database is not replaced by a
 * process, so there every demo operation is refused (UNAVAILABLE).
 */
export interface DemoStoreHost {
  replaceStore(keep: boolean): { keptIn: string | null; write: Write }
}

const ALREADY_USED = 'Explore the demo needs an empty store: this one is already set up. Sign in instead.'
const NOT_A_DEMO = 'This is not a demo store: Reset demo and Start my own console are only for a store made by Explore the demo.'

/** Lets the event loop breathe between steps, so progress reaches the window as it happens. */
const tick = () => new Promise<void>((resolve) => setImmediate(resolve))

/** The one-click demo: a store of synthetic tenancies to explore, reset, or leave for a store of one's own. */
export function createDemoService(engine: Engine, clock: Clock, host: DemoStoreHost | null) {
  async function requireDemoStore() {
    const demo = await engine.read((conn) => findDemoStore(conn))
    if (!demo) throw new AppError(ErrorCode.CONFLICT, NOT_A_DEMO, undefined, { reason: ErrorReason.NOT_DEMO_STORE })
    return demo
  }

  function requireHost(): DemoStoreHost {
    if (!host) throw new AppError(ErrorCode.UNAVAILABLE, 'This host cannot replace its store.')
    return host
  }

  /**
   * Generates the demo (a pure function of seed and anchor) and writes it in one transaction with
   * its audit row, on a store that must still be empty where it is written: all or nothing. The rows
   * are made before the transaction is asked for, so that on a store just replaced it is the first
   * one in line: nothing else is written into the empty store before it.
   */
  async function write(seed: number, anchor: Date, action: DemoAction): Promise<void> {
    const rows = generateDemo(seed, anchor)
    const operator = rows.organisations.find((o) => o.isAdminTenant)!
    const who = { actorUserId: rows.adminUserId, homeTenantId: operator.id, actingTenantId: operator.id }
    await mutate(
      engine,
      clock,
      who,
      action,
      async (conn) => {
        if ((await countOrganisations(conn)) > 0)
          throw new AppError(ErrorCode.CONFLICT, ALREADY_USED, undefined, { reason: ErrorReason.ALREADY_SET_UP })
        for (const organisation of rows.organisations) await insertOrganisation(conn, organisation)
        await insertUsers(conn, rows.users)
        await insertTeamsWithMembers(conn, rows.teams, rows.teamMembers)
        await insertTicketsWithWork(conn, rows)
        await insertInvitations(conn, rows.invitations)
        // Made "at" its anchor, so that a reset gives this row back unchanged too.
        await insertDemoStore(conn, { seed, anchoredAt: anchor, adminUserId: rows.adminUserId, createdAt: anchor })
        return { target: operator.id, value: undefined }
      },
      { immediate: true },
    )
  }

  /** The steps a person sees; the store changes only in the last one, so a stream stopped early writes nothing. */
  async function* steps(first: string, run: () => Promise<void>): AsyncGenerator<DemoProgressEvent> {
    yield { step: first, done: 0, total: 2 }
    await tick()
    yield { step: 'Saving organisations, people, teams and tickets', done: 1, total: 2 }
    await tick()
    // A stream stopped while this runs still finishes it: an async generator is only stopped at a yield.
    await run()
    yield { step: 'Ready', done: 2, total: 2 }
  }

  return {
    write,

    async status(): Promise<DemoStatus> {
      return engine.read(async (conn) => {
        const demo = await findDemoStore(conn)
        return { demo: !!demo, adminName: demo ? ((await findUserById(conn, demo.adminUserId))?.name ?? null) : null }
      })
    },

    /**
     * Explore the demo, on an empty store only (as the first-run setup is), and only where the host
     * could later reset it or leave it for a store of one's own.
     */
    async explore(seed = DEFAULT_DEMO_SEED): Promise<AsyncGenerator<DemoProgressEvent>> {
      requireHost()
      if ((await engine.read((conn) => countOrganisations(conn))) > 0)
        throw new AppError(ErrorCode.CONFLICT, ALREADY_USED, undefined, { reason: ErrorReason.ALREADY_SET_UP })
      const anchor = clock.now()
      return steps('Making up companies, people and tickets', () => write(seed, anchor, 'demo.explore'))
    },

    /** Whom the demo signs in without a password: its SUPER_ADMIN, in a demo store only. */
    async demoAdminId(): Promise<string> {
      return (await requireDemoStore()).adminUserId
    },

    /**
     * Reset demo: the store is replaced by a new one with the same seed and anchor, so the demo is
     * exactly as first made (its audit log starts again too: the log is append-only, the file is new).
     */
    async reset(actor: Actor): Promise<AsyncGenerator<DemoProgressEvent>> {
      // Checked before the stream starts: a refusal is an answer of its own (and on record), not a broken stream.
      requireRole(actor, INSTANCE_ADMINS, 'reset the demo')
      const store = requireHost()
      const demo = await requireDemoStore()
      // Replaced and refilled in one go, nothing awaited between: a stream stopped early (the window
      // closed) leaves the old demo or the new one, never an empty store.
      return steps('Putting the demo back as it was', () => store.replaceStore(false).write(demo.seed, demo.anchoredAt, 'demo.reset'))
    },

    /** Start my own console: recorded in the demo's log, then an empty store for the first-run setup. */
    async leave(actor: Actor, keep: boolean): Promise<{ keptIn: string | null }> {
      requireRole(actor, INSTANCE_ADMINS, 'leave the demo')
      const store = requireHost()
      await requireDemoStore()
      await recordAction(engine, clock, actor, 'demo.leave', keep ? 'kept' : 'deleted', AuditResult.OK)
      return { keptIn: store.replaceStore(keep).keptIn }
    },
  }
}

export type DemoService = ReturnType<typeof createDemoService>

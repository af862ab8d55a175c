import type { Services } from '../src/main/services'
import type { BenchWorld, Session } from './setup'

/** One list or search the console makes, measured at every layer. */
export interface BenchCase {
  id: string
  label: string
  session: keyof BenchWorld['sessions']
  /** The contract operation: its path under /rpc (also the in-process client's path) and its input. */
  operation: string
  input: unknown
  /** The same work as a direct service call (what the handler does after resolving the session). */
  service: (services: Services, session: Session) => Promise<unknown>
}

const usersList =
  (input: Parameters<Services['users']['list']>[1]) =>
  (services: Services, { actor }: Session): Promise<unknown> =>
    services.users.list(actor, input)

/** Walks the big tenant's users list the way "Load more" does, and returns the cursor after `pages` pages. */
export async function deepCursor(services: Services, session: Session, pages: number, limit = 200): Promise<string | undefined> {
  let cursor: string | undefined
  for (let page = 0; page < pages; page++) {
    const next = (await services.users.list(session.actor, { limit, cursor })).nextCursor
    if (!next) break
    cursor = next
  }
  return cursor
}

export function benchCases(world: BenchWorld, deep: { cursor: string | undefined; rows: number }): BenchCase[] {
  const big = `${world.big.users.toLocaleString('en')}-user tenant`
  const small = `${world.small.users}-user tenant`
  const users = (id: string, label: string, session: BenchCase['session'], input: Parameters<Services['users']['list']>[1]): BenchCase => ({
    id,
    label,
    session,
    operation: 'users/list',
    input,
    service: usersList(input),
  })
  return [
    users('users-search-a', `users search "a", ${big}`, 'big', { search: 'a', limit: 50 }),
    users('users-search-an', `users search "an", ${big}`, 'big', { search: 'an', limit: 50 }),
    users('users-search-ann', `users search "ann", ${small}`, 'small', { search: 'ann', limit: 50 }),
    users('users-first', `users first page + total, ${big}`, 'big', { limit: 50 }),
    users('users-deep', `users page after row ${deep.rows.toLocaleString('en')} (keyset), ${big}`, 'big', {
      limit: 50,
      cursor: deep.cursor,
    }),
    users('users-first-small', `users first page + total, ${small}`, 'small', { limit: 50 }),
    {
      id: 'organisations-first',
      label: 'organisations first page',
      session: 'admin',
      operation: 'organisations/list',
      input: { limit: 50 },
      service: (s, { actor }) => s.organisations.list(actor, { limit: 50 }),
    },
    {
      id: 'organisations-search-acme',
      label: 'organisations search "acme"',
      session: 'admin',
      operation: 'organisations/list',
      input: { search: 'acme', limit: 50 },
      service: (s, { actor }) => s.organisations.list(actor, { search: 'acme', limit: 50 }),
    },
    {
      id: 'switcher-search-acm',
      label: 'tenant switcher search "acm"',
      session: 'admin',
      operation: 'auth/switchableTenants',
      input: { search: 'acm' },
      service: (s, { actor }) => s.auth.switchableTenants(actor, 'acm'),
    },
    {
      id: 'invitations-pending',
      label: `Pending Invitations first page (50 of 200) + total, ${big}`,
      session: 'big',
      operation: 'invitations/pending',
      input: { limit: 50 },
      service: (s, { actor }) => s.invitations.pending(actor, { limit: 50 }),
    },
    {
      id: 'invitations-list',
      label: `invitations.list, all 200 at once (the console no longer asks), ${big}`,
      session: 'big',
      operation: 'invitations/list',
      input: undefined,
      service: (s, { actor }) => s.invitations.list(actor),
    },
    {
      id: 'audit-list',
      label: 'audit log first page (100), Admin Tenant',
      session: 'admin',
      operation: 'audit/list',
      input: { filter: {}, limit: 100 },
      service: (s, { actor }) => s.auditLog.list(actor, { filter: {}, limit: 100 }),
    },
    {
      id: 'overview-every-tenant',
      label: 'Overview across every tenant (counters), Admin Tenant',
      session: 'admin',
      operation: 'overview/get',
      input: undefined,
      service: (s, { actor }) => s.overview.get(actor),
    },
    {
      id: 'auth-me',
      label: 'auth.me (session lookup + me)',
      session: 'big',
      operation: 'auth/me',
      input: undefined,
      service: (s, { token }) => s.auth.me(token),
    },
  ]
}

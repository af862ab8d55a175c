import { managesUsers } from '../../../shared/access'
import { PALETTE_LIMIT, type PaletteResult } from '../../../shared/contract'
import type { Engine } from '../../db/engine'
import { usesTrigrams } from '../../db/search'
import type { Actor } from '../auth/auth.service'
import { organisationLabelsByIds, switchable, switchableById } from '../organisations/organisations.repository'
import { findUsersAnywhere, listUsers, type FoundUser } from '../users/users.repository'

/** Name order as people read it, then id, so that equal names come in a stable order. */
const byName = (a: { name: string; id: string }, b: { name: string; id: string }) =>
  a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/**
 * The command palette's search (issue 20). What the caller may see and nothing more: an Admin
 * Tenant member may switch into any tenant (auth.switchableTenants), so finds users of every tenant
 * and every organisation; anyone else, their acting (= home) tenant's users and their organisation.
 * Each side is capped at PALETTE_LIMIT and read off the same indexes as the lists' searches.
 */
export function createSearchService(engine: Engine) {
  return {
    async palette(actor: Actor, term: string): Promise<PaletteResult> {
      return engine.read(async (conn) => {
        const acrossTenants = actor.homeIsAdminTenant
        let users: FoundUser[] = []
        if (managesUsers(actor.role)) {
          if (acrossTenants && usesTrigrams(term)) {
            users = await findUsersAnywhere(conn, term, PALETTE_LIMIT)
          } else {
            // Shorter terms have no trigram: the acting tenant's own range, as its Users list searches it.
            const query = { sort: 'name', direction: 'asc', status: 'all', search: term, limit: PALETTE_LIMIT } as const
            const page = await listUsers(conn, actor.actingTenantId, query, null)
            users = page.rows.slice(0, PALETTE_LIMIT).map((r) => ({ ...r, tenantId: actor.actingTenantId }))
          }
        }
        const organisations = acrossTenants
          ? await switchable(conn, term, PALETTE_LIMIT)
          : [await switchableById(conn, actor.actingTenantId, term)].filter((o) => o !== undefined)
        const tenants = await organisationLabelsByIds(
          conn,
          users.map((u) => u.tenantId),
        )
        return {
          users: users
            .filter((u) => tenants.has(u.tenantId))
            .sort(byName)
            .map(({ tenantId, ...u }) => ({ ...u, tenant: tenants.get(tenantId)! })),
          organisations: organisations.map(({ id, name, slug, isDemo }) => ({ id, name, slug, isDemo })),
        }
      })
    },
  }
}

export type SearchService = ReturnType<typeof createSearchService>

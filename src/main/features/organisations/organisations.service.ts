import { randomUUID } from 'node:crypto'
import { Role, type Organisation } from '../../../shared/contract'
import { AppError, ErrorCode } from '../../../shared/errors'
import { effectiveFeatures, FEATURE_LABELS, overrideWithoutEffect, type Feature } from '../../../shared/features'
import type { Clock } from '../../clock'
import type { Db } from '../../db/store'
import type { LicenceService } from '../../licence/licence.service'
import { auditActor, notFound, requireRole } from '../access'
import { AuditResult, writeAudit } from '../audit/audit.repository'
import type { Actor } from '../auth/auth.service'
import { decodeCursor, keysetPage } from '../cursor'
import { fillDemoData, requireFillable, type DemoProgress } from './demo-data'
import * as repo from './organisations.repository'

interface OrganisationInput {
  name: string
  slug: string
  isAdminTenant: boolean
  isDemo: boolean
}

function parseOverride(json: string | null): Feature[] | null {
  return json === null ? null : (JSON.parse(json) as Feature[])
}

export function createOrganisationsService(db: Db, clock: Clock, licence: LicenceService) {
  const superAdminOnly = (actor: Actor, what: string) => requireRole(actor, [Role.SUPER_ADMIN], what)

  function toOrganisation(row: repo.OrganisationRow, userCount: number, licenceFeatures: Feature[]): Organisation {
    const override = parseOverride(row.featuresEnabled)
    return {
      id: row.id,
      name: row.name,
      slug: row.slug,
      isAdminTenant: row.isAdminTenant,
      isDemo: row.isDemo,
      featuresEnabled: override,
      effectiveFeatures: effectiveFeatures(licenceFeatures, override),
      userCount,
      createdAt: row.createdAt,
    }
  }

  function load(id: string): Organisation {
    const found = repo.findWithCount(db, id)
    if (!found) throw notFound('That organisation')
    return toOrganisation(found.organisation, found.userCount, licence.features())
  }

  /** The checks shared by create and update, inside the writing transaction. */
  function checkUnique(tx: Pick<Db, 'select'>, input: OrganisationInput, id?: string): void {
    const taken = repo.findBySlug(tx, input.slug, id)
    if (taken)
      throw new AppError(ErrorCode.CONFLICT, `The slug "${input.slug}" is taken by ${taken.name}.`, { slug: `Taken by ${taken.name}` })
    if (input.isAdminTenant) {
      const holder = repo.adminTenant(tx, id)
      if (holder) {
        throw new AppError(ErrorCode.CONFLICT, `${holder.name} is already the Admin Tenant; an instance has at most one.`, {
          isAdminTenant: `${holder.name} is already the Admin Tenant`,
        })
      }
    }
  }

  /** Effective features of a tenant: licence ∩ its override. */
  function featuresOf(tenantId: string): Feature[] {
    const row = repo.findById(db, tenantId)
    return row ? effectiveFeatures(licence.features(), parseOverride(row.featuresEnabled)) : []
  }

  return {
    list(actor: Actor, input: { search?: string; cursor?: string; limit: number }) {
      superAdminOnly(actor, 'see organisations')
      const after = input.cursor ? (decodeCursor(input.cursor) as [string, string]) : null
      const { rows, total } = repo.listOrganisations(db, input.search, after, input.limit)
      const { page, nextCursor } = keysetPage(
        rows.map((r) => ({ ...r, id: r.organisation.id })),
        input.limit,
      )
      const features = licence.features()
      return { items: page.map((r) => toOrganisation(r.organisation, r.userCount, features)), nextCursor, total }
    },

    get(actor: Actor, id: string): Organisation {
      superAdminOnly(actor, 'see organisations')
      return load(id)
    },

    create(actor: Actor, input: OrganisationInput): Organisation {
      superAdminOnly(actor, 'create organisations')
      const id = randomUUID()
      db.transaction(
        (tx) => {
          checkUnique(tx, input)
          repo.insertOrganisation(tx, { id, ...input, featuresEnabled: null, createdAt: clock.now() })
          writeAudit(tx, clock, { ...auditActor(actor), action: 'organisations.create', target: id, result: AuditResult.OK })
        },
        { behavior: 'immediate' },
      )
      return load(id)
    },

    update(actor: Actor, input: OrganisationInput & { id: string; featuresEnabled: Feature[] | null }) {
      superAdminOnly(actor, 'change organisations')
      db.transaction(
        (tx) => {
          const row = repo.findById(tx, input.id)
          if (!row) throw notFound('That organisation')
          checkUnique(tx, input, input.id)
          if (row.isAdminTenant && !input.isAdminTenant && repo.countSuperAdminsIn(tx, row.id) > 0) {
            throw new AppError(ErrorCode.CONFLICT, `${row.name} is the home of SUPER_ADMINs, so it must stay the Admin Tenant.`, {
              isAdminTenant: 'Home of SUPER_ADMINs: cannot be unset',
            })
          }
          repo.updateOrganisation(tx, row.id, {
            name: input.name,
            slug: input.slug,
            isAdminTenant: input.isAdminTenant,
            isDemo: input.isDemo,
            featuresEnabled: input.featuresEnabled === null ? null : JSON.stringify(input.featuresEnabled),
          })
          writeAudit(tx, clock, { ...auditActor(actor), action: 'organisations.update', target: row.id, result: AuditResult.OK })
        },
        { behavior: 'immediate' },
      )
      const ignored = overrideWithoutEffect(licence.features(), input.featuresEnabled)
      return {
        organisation: load(input.id),
        warnings: ignored.map((f) => `${FEATURE_LABELS[f]} (${f}) is not in the licence, so enabling it has no effect.`),
      }
    },

    /**
     * Fills a demo organisation with synthetic data, yielding progress. The checks run
     * before the first step, so a refusal is an ordinary error rather than a broken stream.
     */
    fillDemo(actor: Actor, id: string): AsyncGenerator<DemoProgress> {
      superAdminOnly(actor, 'fill demo organisations')
      return fillDemoData(db, clock, requireFillable(db, id), actor)
    },

    featuresOf,

    /** Refuses an operation of a feature the acting tenant does not have. */
    requireFeature(actor: Actor, feature: Feature): void {
      if (!featuresOf(actor.actingTenantId).includes(feature)) {
        throw new AppError(ErrorCode.FEATURE_DISABLED, `${FEATURE_LABELS[feature]} is not enabled for this organisation.`)
      }
    },
  }
}

export type OrganisationsService = ReturnType<typeof createOrganisationsService>

import { randomUUID } from 'node:crypto'
import { INSTANCE_ADMINS } from '../../../shared/access'
import type { Organisation } from '../../../shared/contract'
import { AppError, ErrorCode, ErrorReason } from '../../../shared/errors'
import { effectiveFeatures, FEATURE_LABELS, overrideWithoutEffect, type Feature } from '../../../shared/features'
import type { Clock } from '../../clock'
import type { Db } from '../../db/store'
import type { Reader } from '../../db/types'
import { notFound, requireRole } from '../access'
import { mutate } from '../audit/mutation'
import type { Actor } from '../auth/auth.service'
import { decodeCursor, keysetPage } from '../cursor'
import type { LicenceService } from '../licence/licence.service'
import { removeLinks } from '../outbox/outbox.repository'
import { countSuperAdminsIn, countUsersByTenant } from '../users/users.repository'
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

export function createOrganisationsService(db: Db, clock: Clock, licence: Pick<LicenceService, 'features'>) {
  const superAdminOnly = (actor: Actor, what: string) => requireRole(actor, INSTANCE_ADMINS, what)

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
    const found = repo.findById(db, id)
    if (!found) throw notFound('That organisation')
    return toOrganisation(found, countUsersByTenant(db, [id]).get(id) ?? 0, licence.features())
  }

  /** The checks shared by create and update, inside the writing transaction. */
  function checkUnique(tx: Reader, input: OrganisationInput, id?: string): void {
    const taken = repo.findBySlug(tx, input.slug, id)
    if (taken) {
      throw new AppError(
        ErrorCode.CONFLICT,
        `The slug "${input.slug}" is taken by ${taken.name}.`,
        { slug: `Taken by ${taken.name}` },
        { reason: ErrorReason.SLUG_TAKEN, ids: { organisationId: taken.id } },
      )
    }
    if (input.isAdminTenant) {
      const holder = repo.adminTenant(tx, id)
      if (holder) {
        throw new AppError(
          ErrorCode.CONFLICT,
          `${holder.name} is already the Admin Tenant; an instance has at most one.`,
          { isAdminTenant: `${holder.name} is already the Admin Tenant` },
          { reason: ErrorReason.ADMIN_TENANT_TAKEN, ids: { organisationId: holder.id } },
        )
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
      const { rows, total, totalCapped } = repo.listOrganisations(db, input.search, after, input.limit)
      const { page, nextCursor } = keysetPage(
        rows.map((r) => ({ ...r, id: r.organisation.id })),
        input.limit,
      )
      const features = licence.features()
      const userCounts = countUsersByTenant(
        db,
        page.map((r) => r.id),
      )
      return {
        items: page.map((r) => toOrganisation(r.organisation, userCounts.get(r.id) ?? 0, features)),
        nextCursor,
        total,
        totalCapped,
      }
    },

    get(actor: Actor, id: string): Organisation {
      superAdminOnly(actor, 'see organisations')
      return load(id)
    },

    create(actor: Actor, input: OrganisationInput): Organisation {
      superAdminOnly(actor, 'create organisations')
      const id = randomUUID()
      mutate(
        db,
        clock,
        actor,
        'organisations.create',
        (tx) => {
          checkUnique(tx, input)
          repo.insertOrganisation(tx, { id, ...input, featuresEnabled: null, createdAt: clock.now() })
          return { target: id, value: undefined }
        },
        { immediate: true },
      )
      return load(id)
    },

    update(actor: Actor, input: OrganisationInput & { id: string; featuresEnabled: Feature[] | null }) {
      superAdminOnly(actor, 'change organisations')
      mutate(
        db,
        clock,
        actor,
        'organisations.update',
        (tx) => {
          const row = repo.findById(tx, input.id)
          if (!row) throw notFound('That organisation')
          checkUnique(tx, input, input.id)
          if (row.isAdminTenant && !input.isAdminTenant && countSuperAdminsIn(tx, row.id) > 0) {
            throw new AppError(
              ErrorCode.CONFLICT,
              `${row.name} is the home of SUPER_ADMINs, so it must stay the Admin Tenant.`,
              { isAdminTenant: 'Home of SUPER_ADMINs: cannot be unset' },
              { reason: ErrorReason.ADMIN_TENANT_REQUIRED, ids: { organisationId: row.id } },
            )
          }
          repo.updateOrganisation(tx, row.id, {
            name: input.name,
            slug: input.slug,
            isAdminTenant: input.isAdminTenant,
            isDemo: input.isDemo,
            featuresEnabled: input.featuresEnabled === null ? null : JSON.stringify(input.featuresEnabled),
          })
          // Only demo tenancies may show links in their Outbox.
          if (row.isDemo && !input.isDemo) removeLinks(tx, row.id)
          return { target: row.id, value: undefined }
        },
        { immediate: true },
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

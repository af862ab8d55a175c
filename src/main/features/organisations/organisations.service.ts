import { randomUUID } from 'node:crypto'
import { INSTANCE_ADMINS, USER_MANAGERS } from '../../../shared/access'
import type { Organisation } from '../../../shared/contract'
import { AppError, ErrorCode, ErrorReason } from '../../../shared/errors'
import { effectiveFeatures, FEATURE_LABELS, overrideWithoutEffect, type Feature } from '../../../shared/features'
import type { Clock } from '../../clock'
import type { Conn, Engine } from '../../db/engine'
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

export function createOrganisationsService(engine: Engine, clock: Clock, licence: Pick<LicenceService, 'features'>) {
  const superAdminOnly = (actor: Actor, what: string) => requireRole(actor, INSTANCE_ADMINS, what)

  function toOrganisation(row: repo.OrganisationRow, userCount: number, licenceFeatures: Feature[]): Organisation {
    const override = parseOverride(row.featuresEnabled)
    return {
      id: row.id,
      name: row.name,
      slug: row.slug,
      isAdminTenant: row.isAdminTenant,
      isDemo: row.isDemo,
      requireSecondFactor: row.requireSecondFactor,
      featuresEnabled: override,
      effectiveFeatures: effectiveFeatures(licenceFeatures, override),
      userCount,
      createdAt: row.createdAt,
    }
  }

  async function load(id: string): Promise<Organisation> {
    const [found, userCounts] = await engine.read(
      async (conn) => [await repo.findById(conn, id), await countUsersByTenant(conn, [id])] as const,
    )
    if (!found) throw notFound('That organisation')
    return toOrganisation(found, userCounts.get(id) ?? 0, await licence.features())
  }

  /** The checks shared by create and update, inside the writing transaction. */
  async function checkUnique(conn: Conn, input: OrganisationInput, id?: string): Promise<void> {
    const taken = await repo.findBySlug(conn, input.slug, id)
    if (taken) {
      throw new AppError(
        ErrorCode.CONFLICT,
        `The slug "${input.slug}" is taken by ${taken.name}.`,
        { slug: `Taken by ${taken.name}` },
        { reason: ErrorReason.SLUG_TAKEN, ids: { organisationId: taken.id } },
      )
    }
    if (input.isAdminTenant) {
      const holder = await repo.adminTenant(conn, id)
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
  async function featuresOf(tenantId: string): Promise<Feature[]> {
    const row = await engine.read((conn) => repo.findById(conn, tenantId))
    return row ? featuresOfRow(row) : []
  }

  /** The same, for an organisation row already read. */
  async function featuresOfRow(row: Pick<repo.OrganisationRow, 'featuresEnabled'>): Promise<Feature[]> {
    return effectiveFeatures(await licence.features(), parseOverride(row.featuresEnabled))
  }

  return {
    async list(actor: Actor, input: { search?: string; cursor?: string; limit: number }) {
      superAdminOnly(actor, 'see organisations')
      const after = input.cursor ? (decodeCursor(input.cursor) as [string, string]) : null
      const { page, nextCursor, total, totalCapped, userCounts } = await engine.read(async (conn) => {
        const { rows, total, totalCapped } = await repo.listOrganisations(conn, input.search, after, input.limit)
        const { page, nextCursor } = keysetPage(rows, input.limit, (r) => [r.sortKey, r.organisation.id])
        const userCounts = await countUsersByTenant(
          conn,
          page.map((r) => r.organisation.id),
        )
        return { page, nextCursor, total, totalCapped, userCounts }
      })
      const features = await licence.features()
      return {
        items: page.map((r) => toOrganisation(r.organisation, userCounts.get(r.organisation.id) ?? 0, features)),
        nextCursor,
        total,
        totalCapped,
      }
    },

    async get(actor: Actor, id: string): Promise<Organisation> {
      superAdminOnly(actor, 'see organisations')
      return load(id)
    },

    async create(actor: Actor, input: OrganisationInput): Promise<Organisation> {
      superAdminOnly(actor, 'create organisations')
      const id = randomUUID()
      await mutate(
        engine,
        clock,
        actor,
        'organisations.create',
        async (conn) => {
          await checkUnique(conn, input)
          await repo.insertOrganisation(conn, { id, ...input, featuresEnabled: null, createdAt: clock.now() })
          return { target: id, value: undefined }
        },
        { immediate: true },
      )
      return load(id)
    },

    /**
     * Whether the organisation's users must have a second factor: an ADMIN for their own organisation
     * (any other id is not found, as for every id of another tenant), a SUPER_ADMIN for any.
     */
    async setSecondFactorRequired(actor: Actor, input: { id: string; required: boolean }) {
      requireRole(actor, USER_MANAGERS, 'require a second factor')
      const superAdmin = INSTANCE_ADMINS.includes(actor.role)
      await mutate(
        engine,
        clock,
        actor,
        'organisations.set-second-factor-required',
        async (conn) => {
          const row = superAdmin || input.id === actor.homeTenantId ? await repo.findById(conn, input.id) : undefined
          if (!row) throw notFound('That organisation')
          if (row.requireSecondFactor === input.required) return null
          await repo.updateOrganisation(conn, row.id, { requireSecondFactor: input.required })
          return { target: `${row.id} (${input.required ? 'required' : 'not required'})`, value: undefined }
        },
        { immediate: true },
      )
      return { id: input.id, requireSecondFactor: input.required }
    },

    async update(actor: Actor, input: OrganisationInput & { id: string; featuresEnabled: Feature[] | null }) {
      superAdminOnly(actor, 'change organisations')
      await mutate(
        engine,
        clock,
        actor,
        'organisations.update',
        async (conn) => {
          const row = await repo.findById(conn, input.id)
          if (!row) throw notFound('That organisation')
          await checkUnique(conn, input, input.id)
          if (row.isAdminTenant && !input.isAdminTenant && (await countSuperAdminsIn(conn, row.id)) > 0) {
            throw new AppError(
              ErrorCode.CONFLICT,
              `${row.name} is the home of SUPER_ADMINs, so it must stay the Admin Tenant.`,
              { isAdminTenant: 'Home of SUPER_ADMINs: cannot be unset' },
              { reason: ErrorReason.ADMIN_TENANT_REQUIRED, ids: { organisationId: row.id } },
            )
          }
          await repo.updateOrganisation(conn, row.id, {
            name: input.name,
            slug: input.slug,
            isAdminTenant: input.isAdminTenant,
            isDemo: input.isDemo,
            featuresEnabled: input.featuresEnabled === null ? null : JSON.stringify(input.featuresEnabled),
          })
          // Only demo tenancies may show links in their Outbox.
          if (row.isDemo && !input.isDemo) await removeLinks(conn, row.id)
          return { target: row.id, value: undefined }
        },
        { immediate: true },
      )
      const ignored = overrideWithoutEffect(await licence.features(), input.featuresEnabled)
      return {
        organisation: await load(input.id),
        warnings: ignored.map((f) => `${FEATURE_LABELS[f]} (${f}) is not in the licence, so enabling it has no effect.`),
      }
    },

    /**
     * Fills a demo organisation with synthetic data, yielding progress. The checks run (and the
     * promise settles) before the first step, so a refusal is an ordinary error rather than a broken stream.
     */
    async fillDemo(actor: Actor, id: string): Promise<AsyncGenerator<DemoProgress>> {
      superAdminOnly(actor, 'fill demo organisations')
      const org = await engine.read((conn) => requireFillable(conn, id))
      return fillDemoData(engine, clock, org, actor)
    },

    featuresOf,
    featuresOfRow,

    /** Refuses an operation of a feature the acting tenant does not have. */
    async requireFeature(actor: Actor, feature: Feature): Promise<void> {
      if (!(await featuresOf(actor.actingTenantId)).includes(feature)) {
        throw new AppError(ErrorCode.FEATURE_DISABLED, `${FEATURE_LABELS[feature]} is not enabled for this organisation.`)
      }
    },
  }
}

export type OrganisationsService = ReturnType<typeof createOrganisationsService>

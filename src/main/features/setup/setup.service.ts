import { randomUUID } from 'node:crypto'
import { Role, type SetupInput } from '../../../shared/contract'
import { AppError, ErrorCode, ErrorReason } from '../../../shared/errors'
import type { Clock } from '../../clock'
import type { Engine } from '../../db/engine'
import { hashPassword } from '../../security/passwords'
import { mutate } from '../audit/mutation'
import { countOrganisations, insertOrganisation } from '../organisations/organisations.repository'
import { saveSuperAdminSecondFactor } from '../settings/settings.repository'
import { insertUser } from '../users/users.repository'

export const ALREADY_SET_UP = 'This Switchboard instance is already set up. Sign in instead.'

const alreadySetUp = () => new AppError(ErrorCode.CONFLICT, ALREADY_SET_UP, undefined, { reason: ErrorReason.ALREADY_SET_UP })

/** First run: the operator's organisation (the Admin Tenant), its first SUPER_ADMIN, and the rule on SUPER_ADMINs' second factor. */
export function createSetupService(engine: Engine, clock: Clock) {
  return {
    async status(): Promise<{ needsSetup: boolean }> {
      return { needsSetup: (await engine.read((conn) => countOrganisations(conn))) === 0 }
    },

    /** Creates the operator's organisation and SUPER_ADMIN. Input must already be parsed by the contract. */
    async run(input: SetupInput): Promise<{ organisationId: string; userId: string }> {
      // Checked before hashing too, so that a store already set up answers at once.
      if ((await engine.read((conn) => countOrganisations(conn))) > 0) throw alreadySetUp()
      const passwordHash = await hashPassword(input.admin.password)
      const orgId = randomUUID()
      const userId = randomUUID()
      const now = clock.now()
      // IMMEDIATE takes the write lock before the emptiness check, so two first runs
      // racing (two windows, init beside a running console, two instance processes) cannot both succeed.
      await mutate(
        engine,
        clock,
        { actorUserId: userId, homeTenantId: orgId, actingTenantId: orgId },
        'setup.create-operator',
        async (conn) => {
          if ((await countOrganisations(conn)) > 0) throw alreadySetUp()
          await insertOrganisation(conn, {
            id: orgId,
            name: input.organisation.name,
            slug: input.organisation.slug,
            isAdminTenant: true,
            isDemo: false,
            featuresEnabled: null,
            createdAt: now,
          })
          await insertUser(conn, {
            id: userId,
            tenantId: orgId,
            email: input.admin.email,
            name: input.admin.name,
            role: Role.SUPER_ADMIN,
            active: true,
            passwordHash,
            createdAt: now,
          })
          await saveSuperAdminSecondFactor(conn, input.requireSecondFactorForSuperAdmins, now)
          return { target: orgId, value: undefined }
        },
        { immediate: true },
      )
      return { organisationId: orgId, userId }
    },
  }
}

export type SetupService = ReturnType<typeof createSetupService>

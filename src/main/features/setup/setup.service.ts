import { randomUUID } from 'node:crypto'
import { Role, type SetupInput } from '../../../shared/contract'
import { AppError, ErrorCode, ErrorReason } from '../../../shared/errors'
import type { Clock } from '../../clock'
import type { Db } from '../../db/store'
import { hashPassword } from '../../security/passwords'
import { mutate } from '../audit/mutation'
import { countOrganisations, insertOrganisation } from '../organisations/organisations.repository'
import { insertUser } from '../users/users.repository'

export const ALREADY_SET_UP = 'This Switchboard instance is already set up. Sign in instead.'

const alreadySetUp = () => new AppError(ErrorCode.CONFLICT, ALREADY_SET_UP, undefined, { reason: ErrorReason.ALREADY_SET_UP })

/** First run: the operator's organisation (the Admin Tenant) and its first SUPER_ADMIN. */
export function createSetupService(db: Db, clock: Clock) {
  return {
    status(): { needsSetup: boolean } {
      return { needsSetup: countOrganisations(db) === 0 }
    },

    /** Creates the operator's organisation and SUPER_ADMIN. Input must already be parsed by the contract. */
    async run(input: SetupInput): Promise<{ organisationId: string; userId: string }> {
      if (countOrganisations(db) > 0) throw alreadySetUp()
      const passwordHash = await hashPassword(input.admin.password)
      const orgId = randomUUID()
      const userId = randomUUID()
      const now = clock.now()
      // IMMEDIATE takes the write lock before the emptiness check, so two first runs
      // racing (two windows, or init beside a running console) cannot both succeed.
      mutate(
        db,
        clock,
        { actorUserId: userId, homeTenantId: orgId, actingTenantId: orgId },
        'setup.create-operator',
        (tx) => {
          if (countOrganisations(tx) > 0) throw alreadySetUp()
          insertOrganisation(tx, {
            id: orgId,
            name: input.organisation.name,
            slug: input.organisation.slug,
            isAdminTenant: true,
            isDemo: false,
            featuresEnabled: null,
            createdAt: now,
          })
          insertUser(tx, {
            id: userId,
            tenantId: orgId,
            email: input.admin.email,
            name: input.admin.name,
            role: Role.SUPER_ADMIN,
            active: true,
            passwordHash,
            createdAt: now,
          })
          return { target: orgId, value: undefined }
        },
        { immediate: true },
      )
      return { organisationId: orgId, userId }
    },
  }
}

export type SetupService = ReturnType<typeof createSetupService>

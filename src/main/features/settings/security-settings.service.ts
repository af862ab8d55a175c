import { INSTANCE_ADMINS } from '../../../shared/access'
import type { SecuritySettings } from '../../../shared/contract'
import { AppError, ErrorCode, ErrorReason } from '../../../shared/errors'
import type { Clock } from '../../clock'
import { SUPER_ADMIN_SECOND_FACTOR_VARIABLE, type InstanceConfig } from '../../config'
import type { Engine } from '../../db/engine'
import { requireRole } from '../access'
import { mutate } from '../audit/mutation'
import type { Actor } from '../actor'
import { saveSuperAdminSecondFactor, storedSuperAdminSecondFactor } from './settings.repository'

/**
 * Settings → Security (issue 25): whether every SUPER_ADMIN must have a second factor. Stored in the
 * instance (first-run setup turns it on unless told otherwise); SWITCHBOARD_SUPER_ADMIN_SECOND_FACTOR
 * fixes it on a server, and the console then shows it and cannot change it.
 */
export function createSecuritySettingsService(engine: Engine, clock: Clock, config: InstanceConfig) {
  const fixed = config.superAdminSecondFactor
  const superAdminOnly = (actor: Actor, what: string) => requireRole(actor, INSTANCE_ADMINS, what)

  async function current(): Promise<SecuritySettings> {
    if (fixed !== undefined) return { superAdminSecondFactor: { required: fixed, setBy: 'environment' } }
    return { superAdminSecondFactor: { required: await engine.read(storedSuperAdminSecondFactor), setBy: 'console' } }
  }

  return {
    async get(actor: Actor): Promise<SecuritySettings> {
      superAdminOnly(actor, 'see the security settings')
      return current()
    },

    /** Audited in the acting tenant when it changes anything (turning it off needs a step-up: shared/step-up.ts). */
    async setSuperAdminSecondFactor(actor: Actor, required: boolean): Promise<SecuritySettings> {
      superAdminOnly(actor, 'change the security settings')
      if (fixed !== undefined) {
        throw new AppError(
          ErrorCode.CONFLICT,
          `${SUPER_ADMIN_SECOND_FACTOR_VARIABLE} is set on the server (to ${fixed ? 'required' : 'optional'}): change it there, then restart the server.`,
          undefined,
          { reason: ErrorReason.SET_BY_ENVIRONMENT },
        )
      }
      await mutate(
        engine,
        clock,
        actor,
        'settings.set-super-admin-second-factor',
        async (conn) => {
          if ((await storedSuperAdminSecondFactor(conn)) === required) return null
          await saveSuperAdminSecondFactor(conn, required, clock.now())
          return { target: required ? 'required' : 'optional', value: undefined }
        },
        { immediate: true },
      )
      return current()
    },
  }
}

export type SecuritySettingsService = ReturnType<typeof createSecuritySettingsService>

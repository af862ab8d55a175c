import { isSuperAdmin, USER_MANAGERS } from '../../../shared/access'
import type { Engine } from '../../db/engine'
import { requireRole } from '../access'
import type { Actor } from '../auth/auth.service'
import { listMail } from './outbox.repository'

/** The local Outbox: mail kept on this machine for the acting tenant. */
export function createOutboxService(engine: Engine) {
  return {
    async list(actor: Actor) {
      requireRole(actor, USER_MANAGERS, 'read the Outbox')
      return engine.read((conn) => listMail(conn, actor.actingTenantId, isSuperAdmin(actor.role)))
    },
  }
}

export type OutboxService = ReturnType<typeof createOutboxService>

import { eq } from 'drizzle-orm'
import { Role, type LicenceStatus } from '../../shared/contract'
import { AppError, ErrorCode } from '../../shared/errors'
import { FEATURE_CODES, type Feature } from '../../shared/features'
import type { Clock } from '../clock'
import { licence } from '../db/schema'
import type { Db } from '../db/store'
import { auditActor, requireRole } from '../features/access'
import { AuditResult, writeAudit } from '../features/audit/audit.repository'
import type { Actor } from '../features/auth/auth.service'
import { verifyLicence } from './licence-file'

/**
 * The instance licence. Without one the instance runs in evaluation mode with every
 * feature; an installed licence grants exactly its features until it expires.
 */
export function createLicenceService(db: Db, clock: Clock, trustedKeys: readonly string[]) {
  function status(): LicenceStatus {
    const row = db.select().from(licence).where(eq(licence.id, 1)).get()
    if (!row) {
      return {
        status: 'none',
        licensee: null,
        features: [...FEATURE_CODES],
        expiresAt: null,
        message: 'No licence is installed: evaluation mode with every feature.',
      }
    }
    const check = verifyLicence(row.text, trustedKeys, clock.now())
    if (check.ok) {
      const { licensee, features, expiresAt } = check.licence
      return {
        status: 'valid',
        licensee,
        features,
        expiresAt,
        message: `Licensed to ${licensee} until ${expiresAt.toISOString().slice(0, 10)}.`,
      }
    }
    return {
      status: 'expired',
      licensee: check.licence?.licensee ?? null,
      features: [],
      expiresAt: check.licence?.expiresAt ?? null,
      message: check.message,
    }
  }

  return {
    status,
    features: (): Feature[] => status().features,

    /** Installs a licence after checking it; `actor` is null for the CLI (an operator at the machine). */
    install(actor: Actor | null, text: string): LicenceStatus {
      if (actor) requireRole(actor, [Role.SUPER_ADMIN], 'install a licence')
      const check = verifyLicence(text, trustedKeys, clock.now())
      if (!check.ok) throw new AppError(ErrorCode.VALIDATION, check.message, { text: check.message })
      db.transaction((tx) => {
        const row = { id: 1, text, installedAt: clock.now(), installedBy: actor?.userId ?? null }
        tx.insert(licence).values(row).onConflictDoUpdate({ target: licence.id, set: row }).run()
        writeAudit(tx, clock, {
          ...(actor ? auditActor(actor) : { actorUserId: null, homeTenantId: null, actingTenantId: null }),
          action: 'licence.install',
          target: check.licence.licensee,
          result: AuditResult.OK,
        })
      })
      return status()
    },
  }
}

export type LicenceService = ReturnType<typeof createLicenceService>

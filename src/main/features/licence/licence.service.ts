import { INSTANCE_ADMINS } from '../../../shared/access'
import type { LicenceStatus } from '../../../shared/contract'
import { AppError, ErrorCode } from '../../../shared/errors'
import { FEATURE_CODES, type Feature } from '../../../shared/features'
import type { Clock } from '../../clock'
import type { Engine } from '../../db/engine'
import { expiryChecked, verifyLicence, verifySignature } from '../../licence/licence-file'
import { requireRole } from '../access'
import { mutate } from '../audit/mutation'
import type { Actor } from '../auth/auth.service'
import { findLicence, saveLicence } from './licence.repository'

/**
 * The instance licence. Without one the instance runs in evaluation mode with every
 * feature; an installed licence grants exactly its features until it expires.
 */
export function createLicenceService(engine: Engine, clock: Clock, trustedKeys: readonly string[]) {
  /** The installed text's signature check, kept: the same text always gets the same answer; only expiry is checked per call. */
  let signed: { text: string; check: ReturnType<typeof verifySignature> } | null = null
  function signatureOf(text: string) {
    if (signed?.text !== text) signed = { text, check: verifySignature(text, trustedKeys) }
    return signed.check
  }

  async function status(): Promise<LicenceStatus> {
    const row = await engine.read(findLicence)
    if (!row) {
      return {
        status: 'none',
        licensee: null,
        features: [...FEATURE_CODES],
        expiresAt: null,
        message: 'No licence is installed: evaluation mode with every feature.',
      }
    }
    const check = expiryChecked(signatureOf(row.text), clock.now())
    if (check.ok) {
      const { licensee, features, expiresAt } = check.licence
      return {
        status: 'valid',
        licensee,
        // A copy: the check is kept for the next call.
        features: [...features],
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
    features: async (): Promise<Feature[]> => (await status()).features,

    /** Installs a licence after checking it; `actor` is null for the CLI (an operator at the machine). */
    async install(actor: Actor | null, text: string): Promise<LicenceStatus> {
      if (actor) requireRole(actor, INSTANCE_ADMINS, 'install a licence')
      const check = verifyLicence(text, trustedKeys, clock.now())
      if (!check.ok) throw new AppError(ErrorCode.VALIDATION, check.message, { text: check.message })
      await mutate(engine, clock, actor, 'licence.install', async (conn) => {
        await saveLicence(conn, { text, installedAt: clock.now(), installedBy: actor?.userId ?? null })
        return { target: check.licence.licensee, value: undefined }
      })
      return status()
    },
  }
}

export type LicenceService = ReturnType<typeof createLicenceService>

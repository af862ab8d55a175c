import { createHash } from 'node:crypto'

/** The fields of a row that its hash covers, in a fixed order. */
interface Chained {
  at: Date
  actorUserId: string | null
  homeTenantId: string | null
  actingTenantId: string | null
  action: string
  target: string | null
  result: string
  appVersion: string | null
  host: string | null
}

/**
 * SHA-256 (hex) over the previous row's hash and this row's canonical fields (a JSON array, so no
 * two different rows encode alike). The chain starts at the first row written with a hash
 * (migration 0013): rows from before it carry none and are not covered.
 */
export function auditHash(previousHash: string, row: Chained): string {
  const fields = [
    row.at.getTime(),
    row.actorUserId,
    row.homeTenantId,
    row.actingTenantId,
    row.action,
    row.target,
    row.result,
    row.appVersion,
    row.host,
  ]
  return createHash('sha256').update(previousHash).update('\n').update(JSON.stringify(fields)).digest('hex')
}

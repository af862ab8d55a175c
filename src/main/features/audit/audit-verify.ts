import type { Engine } from '../../db/engine'
import { auditHash } from './audit-chain'
import { auditRowsAfter } from './audit.repository'

export interface ChainReport {
  rows: number
  /** Rows from before the chain began (no hash). */
  unchained: number
  /** The id of the first row that does not match the chain, or null when all do. */
  brokenAt: number | null
}

/**
 * Walks the log in id order. A row altered, or removed from the middle (the next row no longer
 * matches), breaks the chain there. Removing the newest rows leaves no trace in the chain itself.
 * Page by page, each its own read: a long log never holds the store for the whole walk.
 */
export async function verifyAuditChain(engine: Engine, pageSize = 1000): Promise<ChainReport> {
  let rows = 0
  let unchained = 0
  let previous: string | null = null
  for (let after = 0; ;) {
    const page = await engine.read((conn) => auditRowsAfter(conn, after, pageSize))
    if (page.length === 0) return { rows, unchained, brokenAt: null }
    for (const row of page) {
      rows++
      if (row.hash === null && previous === null) {
        unchained++
        continue
      }
      if (row.hash !== auditHash(previous ?? '', row)) return { rows, unchained, brokenAt: row.id }
      previous = row.hash
    }
    after = page.at(-1)!.id
  }
}

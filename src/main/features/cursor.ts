import * as z from 'zod'
import { AppError, ErrorCode } from '../../shared/errors'

export type SortKey = string | number
const cursorSchema = z.tuple([z.union([z.string(), z.number()]), z.string()])

/** Keyset cursors are opaque to clients: the last row's (sort key, id), base64url JSON. */
function encodeCursor(key: SortKey, id: string): string {
  return Buffer.from(JSON.stringify([key, id])).toString('base64url')
}

export function decodeCursor(cursor: string): [SortKey, string] {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')))
  } catch {
    throw new AppError(ErrorCode.VALIDATION, 'The page cursor is not valid; reload the list.', { cursor: 'Invalid cursor' })
  }
}

/** Splits a limit+1 fetch into the page and the cursor of the next one. */
export function keysetPage<T extends { sortKey: SortKey; id: string }>(rows: T[], limit: number): { page: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit)
  const last = page.at(-1)
  return { page, nextCursor: rows.length > limit && last ? encodeCursor(last.sortKey, last.id) : null }
}

import * as z from 'zod'
import { AppError, ErrorCode } from '../../shared/errors'

export type SortKey = string | number
const cursorSchema = z.tuple([z.union([z.string(), z.number()]), z.string()])

/** Keyset cursors are opaque to clients: the last row's (sort key, id), base64url JSON. */
function encodeCursor(key: SortKey, id: string): string {
  return Buffer.from(JSON.stringify([key, id])).toString('base64url')
}

/** A cursor this list cannot have given: malformed, or its key of another kind than the list's. */
export const invalidCursor = () =>
  new AppError(ErrorCode.VALIDATION, 'The page cursor is not valid; reload the list.', { cursor: 'Invalid cursor' })

export function decodeCursor(cursor: string): [SortKey, string] {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')))
  } catch {
    throw invalidCursor()
  }
}

/** A cursor of a list keyed by a moment (its epoch milliseconds, then the row's id); null for the first page. */
export function decodeMomentCursor(cursor: string | undefined): [number, string] | null {
  if (!cursor) return null
  const [at, id] = decodeCursor(cursor)
  if (typeof at !== 'number') throw invalidCursor()
  return [at, id]
}

/**
 * Splits a limit+1 fetch into the page and the cursor of the next one, made of the last row's
 * (sort key, id) as `keyOf` reads them: the rows are handed on as they are, never copied to carry a
 * key (copying a page's rows with a spread costs more than the page's SQL; see the README).
 */
export function keysetPage<T>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => readonly [SortKey, string],
): { page: T[]; nextCursor: string | null } {
  const page = rows.length > limit ? rows.slice(0, limit) : rows
  const last = page.at(-1)
  return { page, nextCursor: rows.length > limit && last ? encodeCursor(...keyOf(last)) : null }
}

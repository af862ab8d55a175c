import * as z from 'zod'
import { idempotencyKeySchema, idSchema } from './common'
import { documented } from './operation-docs'

/** Issue 20, bulk invite from a CSV file (Admin → Users → Invite from file). */

/** The largest file accepted, in bytes. */
export const IMPORT_FILE_MAX_BYTES = 5 * 1024 * 1024
/** The largest row of that file, in bytes. */
export const IMPORT_ROW_MAX_BYTES = 1024 * 1024
/** The most data rows a file may have (a 5 MB file of short rows would otherwise answer hundreds of thousands). */
export const IMPORT_MAX_ROWS = 10_000
/**
 * Rows per `importApply` call: the console sends the valid rows in chunks of this many. Small enough
 * that a chunk answers well within a remote call's time-out even when each email takes a while to
 * hand to the mail server (a chunk that timed out would be retried while it still runs).
 */
export const IMPORT_CHUNK_MAX = 25
/** The base64 text of the largest file (4 characters per 3 bytes, padded). */
export const IMPORT_FILE_MAX_BASE64 = Math.ceil(IMPORT_FILE_MAX_BYTES / 3) * 4

/** What the check found a row will do: invite, nothing (already a user here / already invited here), or nothing as it is invalid. */
export const IMPORT_OUTCOMES = ['invite', 'user', 'invited', 'invalid'] as const
export const importOutcomeSchema = z.enum(IMPORT_OUTCOMES)
export type ImportOutcome = z.infer<typeof importOutcomeSchema>

/**
 * A cell's text is kept up to this many characters: longer than any valid email, role, name or
 * team name, so a longer cell is invalid whole or cut (and the dry run answers no megabyte cells).
 */
export const IMPORT_CELL_MAX = 1000

/** A row as the file had it: its cells as text, exactly (a cell like "=1+1" is text, never a formula). */
export const importRowSchema = z.object({
  /** The line of the file the row starts on (the header is line 1 at the earliest). */
  line: z.number().int().min(1),
  email: z.string().max(IMPORT_CELL_MAX),
  role: z.string().max(IMPORT_CELL_MAX),
  name: z.string().max(IMPORT_CELL_MAX),
  team: z.string().max(IMPORT_CELL_MAX),
})
export type ImportRow = z.infer<typeof importRowSchema>

export const importCheckedRowSchema = importRowSchema.extend({
  outcome: importOutcomeSchema,
  /** Why an `invalid` row is (bad email, unknown role, role you may not grant, unknown team, duplicate); null otherwise. */
  reason: z.string().nullable(),
  /** For `invited`: the pending invitation, to offer Resend for. */
  invitationId: idSchema.nullable(),
})
export type ImportCheckedRow = z.infer<typeof importCheckedRowSchema>

export const importCheckSchema = z.object({
  rows: z.array(importCheckedRowSchema),
  counts: z.object({ invite: z.number(), user: z.number(), invited: z.number(), invalid: z.number() }),
})
export type ImportCheck = z.infer<typeof importCheckSchema>

export const importApplyInputSchema = z.object({
  /** One key per chunk, kept when the same chunk is sent again: a retried chunk never invites twice. */
  key: idempotencyKeySchema,
  rows: z.array(importRowSchema).min(1).max(IMPORT_CHUNK_MAX),
})
export type ImportApplyInput = z.infer<typeof importApplyInputSchema>

/** One row's result: invited (its email sent, or not with why), or failed with the reason (the rest still ran). */
export const importResultSchema = z.object({
  line: z.number().int(),
  email: z.string(),
  ok: z.boolean(),
  invitationId: idSchema.nullable(),
  /** Failed: why. Invited: why the email could not be sent, or null when it was. */
  message: z.string().nullable(),
})
export type ImportResult = z.infer<typeof importResultSchema>

export const invitationImportContract = {
  importCheck: documented({
    summary: 'Check a file of invitations',
    description: `The dry run of a bulk invite: \`file\` is the CSV file's bytes in base64. The file must be UTF-8 (a byte-order mark is allowed), at most ${IMPORT_FILE_MAX_BYTES / 1024 / 1024} MB, no row over ${IMPORT_ROW_MAX_BYTES / 1024 / 1024} MB, at most ${IMPORT_MAX_ROWS} rows, with a header row naming the columns \`email\` and \`role\`, and optionally \`name\` and \`team\` (any case, any order; other columns are ignored). RFC 4180: quoted cells may hold commas, doubled quotes and line breaks; CRLF or LF; empty lines are skipped. Cells are text, never formulas. Answers per row what sending would do in the acting tenant — \`invite\`, \`user\` (already a user here), \`invited\` (already invited here, with the invitation to Resend), \`invalid\` with the reason — and the counts. Changes nothing.`,
    errors: ['FORBIDDEN'],
  })
    .input(z.object({ file: z.string().max(IMPORT_FILE_MAX_BASE64 + 16) }))
    .output(importCheckSchema),
  importApply: documented({
    summary: 'Send invitations from a file',
    description: `Invites up to ${IMPORT_CHUNK_MAX} rows of a checked file, each checked again and invited as \`invitations.create\` does (its own transaction and audit row, in the acting tenant); a row that fails does not stop the rest. The console sends a file's rows in chunks; stopping between chunks leaves those sent sent. The same \`key\` with the same rows answers the first call's results without inviting again (the same key with other rows is refused).`,
    errors: ['FORBIDDEN'],
  })
    .input(importApplyInputSchema)
    .output(z.object({ results: z.array(importResultSchema) })),
}

import { eventIterator } from '@orpc/contract'
import * as z from 'zod'
import { emailSchema, idSchema, keysetPageSchema, pageCursorSchema } from './common'
import { AUDIT_RESULTS } from './constants'
import { documented } from './operation-docs'

export { AUDIT_RESULTS } from './constants'

/**
 * Admin → Audit Log filters. An ADMIN sees the acting tenant's rows; a SUPER_ADMIN acting in the
 * Admin Tenant sees every tenant's and may narrow to one with `tenantId`.
 */
export const auditFilterSchema = z
  .object({
    /** The acting user's email (exact, any case). */
    actorEmail: emailSchema.optional(),
    /** A dotted action such as `users.update` (exact). */
    action: z
      .string()
      .trim()
      .max(100)
      .regex(/^[a-z0-9.-]+$/, 'An action such as users.update')
      .optional(),
    /** What was acted on: an id or an email (exact). */
    target: z.string().trim().min(1).max(320).optional(),
    result: z.enum(AUDIT_RESULTS).optional(),
    tenantId: idSchema.optional(),
    /** From this moment on (inclusive)… */
    from: z.date().optional(),
    /** …up to this moment (exclusive). */
    to: z.date().optional(),
  })
  .refine((f) => !f.from || !f.to || f.from < f.to, { message: 'The end must be after the start', path: ['to'] })
export type AuditFilter = z.infer<typeof auditFilterSchema>

export const auditEntrySchema = z.object({
  id: z.number(),
  at: z.date(),
  action: z.string(),
  target: z.string().nullable(),
  result: z.enum(AUDIT_RESULTS),
  /** Who acted; null for the command line (or a user no longer known). */
  actor: z.object({ id: z.string(), name: z.string(), email: z.string() }).nullable(),
  /** The tenant acted in, and the actor's home tenant, by name where known. */
  tenant: z.object({ id: z.string(), name: z.string() }).nullable(),
  homeTenant: z.object({ id: z.string(), name: z.string() }).nullable(),
})
export type AuditEntry = z.infer<typeof auditEntrySchema>

export const auditExportEventSchema = z.discriminatedUnion('type', [
  /** Rows written so far of the filtered set's total. */
  z.object({ type: z.literal('progress'), done: z.number(), total: z.number() }),
  /** The next piece of the CSV file (UTF-8 text; the first one starts with the header line). */
  z.object({ type: z.literal('csv'), text: z.string() }),
])
export type AuditExportEvent = z.infer<typeof auditExportEventSchema>

export const auditContract = {
  list: documented({
    summary: 'Read the audit log',
    description:
      "Admin → Audit Log (ADMIN, SUPER_ADMIN): filtered, newest first, one keyset page at a time. A SUPER_ADMIN in the Admin Tenant reads every tenant's rows.",
    errors: ['FORBIDDEN'],
  })
    .input(
      z.object({
        filter: auditFilterSchema.default({}),
        cursor: pageCursorSchema,
        limit: z.number().int().min(1).max(500).default(100),
      }),
    )
    .output(keysetPageSchema(auditEntrySchema)),
  actions: documented({
    summary: 'Audit actions',
    description: "The actions that occur in the log the caller reads, alphabetically: the Action filter's choices.",
    errors: ['FORBIDDEN'],
  })
    .input(z.void())
    .output(z.array(z.string())),
  exportCsv: documented({
    summary: 'Export the audit log as CSV',
    description:
      'CSV export of the filtered log, streamed as server-sent events: progress and CSV pieces in order (formula cells neutralised).',
    errors: ['FORBIDDEN'],
  })
    .input(z.object({ filter: auditFilterSchema.default({}) }))
    .output(eventIterator(auditExportEventSchema)),
}

import * as z from 'zod'
import { FEATURE_CODES, type Feature } from '../features'

import { ROLES } from './constants'

export { Role, ROLES } from './constants'
export const roleSchema = z.enum(ROLES)

export const PASSWORD_MIN = 12
export const PASSWORD_MAX = 256

/** Emails are trimmed and compared case-insensitively everywhere; we store them lower-cased. */
export const emailSchema = z.string().trim().toLowerCase().max(254, 'Email is too long').pipe(z.email('Enter a valid email address'))

export const newPasswordSchema = z
  .string()
  .min(PASSWORD_MIN, `Password must be at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `Password must be at most ${PASSWORD_MAX} characters`)

export const personNameSchema = z.string().trim().min(1, 'Name is required').max(120, 'Name is too long')

/** URL-safe slug: lowercase a–z, 0–9, single hyphens not at the ends, 2–63 characters. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
export const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, 'Slug must be 2–63 characters')
  .max(63, 'Slug must be 2–63 characters')
  .regex(SLUG_PATTERN, 'Use lowercase letters, digits and single hyphens, not at the start or end')

/** A slug suggested from a name as the user types: "Acme Café Ltd." → "acme-cafe-ltd". */
export function suggestSlug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '')
}

export const orgNameSchema = z.string().trim().min(1, 'Name is required').max(120, 'Name is too long')

export const idSchema = z.string().uuid()

/** An idempotency key: up to 200 visible ASCII characters (a UUID, typically). */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,200}$/
export const idempotencyKeySchema = z.string().regex(IDEMPOTENCY_KEY_PATTERN, 'An idempotency key is 1 to 200 visible ASCII characters.')

/**
 * What a person types into a search box: plain text. Control characters (NUL and friends) match
 * no name or email, and the search index cannot take them, so they are refused as input.
 */
export const searchTermSchema = z
  .string()
  .trim()
  .max(200, 'Search text is too long (200 characters at most)')
  // eslint-disable-next-line no-control-regex
  .refine((text) => !/[\u0000-\u001f\u007f]/.test(text), 'Search text cannot contain control characters')

export const featureSchema = z.enum(FEATURE_CODES as [Feature, ...Feature[]])

export const tenantSchema = z.object({
  id: idSchema,
  name: z.string(),
  slug: z.string(),
  isAdminTenant: z.boolean(),
  isDemo: z.boolean(),
})
export type Tenant = z.infer<typeof tenantSchema>

export const meSchema = z.object({
  user: z.object({ id: idSchema, name: z.string(), email: z.string(), role: roleSchema }),
  homeTenant: tenantSchema,
  actingTenant: tenantSchema,
  /** Effective features of the acting tenant: they shape the sidebar. */
  features: z.array(featureSchema),
  /** Whether this user may switch tenants (a member of the Admin Tenant). */
  canSwitchTenant: z.boolean(),
  /** Whether their organisation (the home tenant) requires a second factor of its users. */
  secondFactorRequired: z.boolean(),
  /**
   * Required and not set up yet: this session is limited to enrolment (Your account); every other
   * operation answers 403 with reason `SECOND_FACTOR_ENROLMENT_REQUIRED` until an app is confirmed.
   */
  enrolmentOnly: z.boolean(),
  /**
   * Why, while `enrolmentOnly`: `organisation` (it requires a second factor), `superAdmins` (the
   * instance requires one of every SUPER_ADMIN), `reset` (an administrator reset theirs); else null.
   */
  enrolmentReason: z.enum(['organisation', 'superAdmins', 'reset']).nullable(),
})
export type Me = z.infer<typeof meSchema>

/** Why a session is limited to setting up a second factor (`Me.enrolmentReason`). */
export const EnrolmentReason = { ORGANISATION: 'organisation', SUPER_ADMINS: 'superAdmins', RESET: 'reset' } as const
export type EnrolmentReason = (typeof EnrolmentReason)[keyof typeof EnrolmentReason]

/** A link token as issued: 32 random bytes, base64url. */
export const tokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'This link is incomplete. Copy the whole link from the email.')

/** How far a search counts its matches before reporting "1,000+". */
export const SEARCH_COUNT_CAP = 1000

/** A keyset list's page cursor: opaque to clients, the previous page's `nextCursor`. */
export const pageCursorSchema = z.string().max(2000).optional()

/** How many rows a page of the console's lists holds (the audit log's pages are its own). */
export const pageLimitSchema = z.number().int().min(1).max(200).default(50)

/**
 * One keyset page of a list. The total is counted for the first page only (no cursor): counting
 * is most of a page's cost on a large tenant, and the first page's total stands for the list.
 */
export function keysetPageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable(),
    total: z.number().nullable(),
    /**
     * True when `total` is a lower bound: a search counts its matches up to a cap (SEARCH_COUNT_CAP)
     * and stops there, so a list shows "1,000+" instead of paying to count every match.
     */
    totalCapped: z.boolean().optional(),
  })
}

import { eventIterator } from '@orpc/contract'
import * as z from 'zod'
import { parseFeatureOverride } from '../features'
import {
  featureSchema,
  idSchema,
  keysetPageSchema,
  orgNameSchema,
  pageCursorSchema,
  pageLimitSchema,
  searchTermSchema,
  slugSchema,
} from './common'
import { documented } from './operation-docs'

/** The Features Enabled field as typed: parsed here, so a bad value is refused in that field. */
export const featuresEnabledInputSchema = z
  .string()
  .max(2000, 'Too long')
  .transform((text, ctx) => {
    const parsed = parseFeatureOverride(text)
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.error })
      return z.NEVER
    }
    return parsed.value
  })

export const organisationSchema = z.object({
  id: idSchema,
  name: z.string(),
  slug: z.string(),
  isAdminTenant: z.boolean(),
  isDemo: z.boolean(),
  /** Its users must have a second factor (`organisations.setSecondFactorRequired`). */
  requireSecondFactor: z.boolean(),
  featuresEnabled: z.array(featureSchema).nullable(),
  effectiveFeatures: z.array(featureSchema),
  userCount: z.number(),
  createdAt: z.date(),
})
export type Organisation = z.infer<typeof organisationSchema>

export const organisationInputSchema = z.object({
  name: orgNameSchema,
  slug: slugSchema,
  isAdminTenant: z.boolean(),
  isDemo: z.boolean(),
})

export const organisationUpdateSchema = organisationInputSchema.extend({
  id: idSchema,
  featuresEnabled: featuresEnabledInputSchema,
})

export const demoProgressSchema = z.object({ step: z.string(), done: z.number(), total: z.number() })

export const organisationListInputSchema = z.object({
  search: searchTermSchema.optional(),
  cursor: pageCursorSchema,
  limit: pageLimitSchema,
})

export const organisationsContract = {
  setSecondFactorRequired: documented({
    summary: 'Require a second factor in an organisation',
    description:
      "Whether the organisation's users must have a second factor (an authenticator app). While it is on, a user of it without one gets, after the right password, a session limited to enrolment: `auth.me`, signing out and the `account.*` operations work, every other operation answers 403 with reason `SECOND_FACTOR_ENROLMENT_REQUIRED`; once they confirm an app the same session is a full one. An ADMIN changes it for their own organisation (another id: 404), a SUPER_ADMIN for any. Audited as `organisations.set-second-factor-required`.",
    errors: ['FORBIDDEN', 'NOT_FOUND'],
  })
    .input(z.object({ id: idSchema, required: z.boolean() }))
    .output(z.object({ id: idSchema, requireSecondFactor: z.boolean() })),
  list: documented({
    summary: 'List organisations',
    description: 'All organisations of the instance (SUPER_ADMIN only), searched by name or slug, one keyset page at a time.',
    errors: ['FORBIDDEN'],
  })
    .input(organisationListInputSchema)
    .output(keysetPageSchema(organisationSchema)),
  get: documented({
    summary: 'Get an organisation',
    description: 'One organisation with its features and user count (SUPER_ADMIN only).',
    errors: ['FORBIDDEN', 'NOT_FOUND'],
  })
    .input(z.object({ id: idSchema }))
    .output(organisationSchema),
  create: documented({
    summary: 'Create an organisation',
    description:
      '+ New Organisation (SUPER_ADMIN): name, slug (unique: `SLUG_TAKEN`), whether it is the Admin Tenant (one at most: `ADMIN_TENANT_TAKEN`) and whether it is a demo tenancy.',
    errors: ['FORBIDDEN', 'CONFLICT'],
  })
    .input(organisationInputSchema)
    .output(organisationSchema),
  update: documented({
    summary: 'Change an organisation',
    description:
      'Edits an organisation (SUPER_ADMIN), including its Features Enabled override (blank: the licence decides). `warnings` lists what the change means for its users.',
    errors: ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
  })
    .input(organisationUpdateSchema)
    .output(z.object({ organisation: organisationSchema, warnings: z.array(z.string()) })),
  fillDemo: documented({
    summary: 'Fill a demo organisation',
    description:
      'Fills an empty demo organisation with synthetic data (SUPER_ADMIN), streaming progress as server-sent events. Refused for a real organisation (`NOT_DEMO`) or one with data (`DEMO_NOT_EMPTY`).',
    errors: ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
  })
    .input(z.object({ id: idSchema }))
    .output(eventIterator(demoProgressSchema)),
}

export const licenceStatusSchema = z.object({
  status: z.enum(['none', 'valid', 'expired']),
  licensee: z.string().nullable(),
  features: z.array(featureSchema),
  expiresAt: z.date().nullable(),
  message: z.string(),
})
export type LicenceStatus = z.infer<typeof licenceStatusSchema>

export const licenceContract = {
  get: documented({
    summary: 'The licence',
    description: "The instance's licence, its state and the features it grants.",
  })
    .input(z.void())
    .output(licenceStatusSchema),
  install: documented({
    summary: 'Install a licence',
    description: 'Installs a signed licence (SUPER_ADMIN); a tampered or expired one is refused (422).',
    errors: ['FORBIDDEN'],
  })
    .input(z.object({ text: z.string().min(1, 'Paste the licence').max(20_000) }))
    .output(licenceStatusSchema),
}

export { SWITCHER_LIMIT } from './constants'

/** A tenant switcher entry: `current` is the acting tenant, `recent` one the operator switched into lately. */
export const switchableTenantSchema = z.object({
  id: idSchema,
  name: z.string(),
  slug: z.string(),
  isDemo: z.boolean(),
  current: z.boolean(),
  recent: z.boolean(),
})
export type SwitchableTenant = z.infer<typeof switchableTenantSchema>

import { eventIterator, oc } from '@orpc/contract'
import * as z from 'zod'
import { parseFeatureOverride } from '../features'
import { featureSchema, idSchema, keysetPageSchema, orgNameSchema, slugSchema, searchTermSchema } from './common'

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
  cursor: z.string().max(2000).optional(),
  limit: z.number().int().min(1).max(200).default(50),
})

export const organisationsContract = {
  /** All organisations (SUPER_ADMIN only), searched by name or slug, one keyset page at a time. */
  list: oc.input(organisationListInputSchema).output(keysetPageSchema(organisationSchema)),
  /** One organisation (SUPER_ADMIN only). */
  get: oc.input(z.object({ id: idSchema })).output(organisationSchema),
  /** + New Organisation: Name, Slug, Admin Tenant, Demo. */
  create: oc.input(organisationInputSchema).output(organisationSchema),
  /** Edits an organisation, including its Features Enabled override. */
  update: oc.input(organisationUpdateSchema).output(z.object({ organisation: organisationSchema, warnings: z.array(z.string()) })),
  /** Fills a demo organisation with synthetic data, reporting progress as it goes. */
  fillDemo: oc.input(z.object({ id: idSchema })).output(eventIterator(demoProgressSchema)),
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
  /** The instance's licence and the features it grants. */
  get: oc.input(z.void()).output(licenceStatusSchema),
  /** Installs a signed licence (SUPER_ADMIN); a tampered or expired one is refused. */
  install: oc.input(z.object({ text: z.string().min(1, 'Paste the licence').max(20_000) })).output(licenceStatusSchema),
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

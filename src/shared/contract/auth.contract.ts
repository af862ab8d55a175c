import { oc } from '@orpc/contract'
import * as z from 'zod'
import { emailSchema, meSchema, newPasswordSchema, orgNameSchema, personNameSchema, slugSchema } from './common'

export const setupInputSchema = z.object({
  organisation: z.object({ name: orgNameSchema, slug: slugSchema }),
  admin: z.object({ name: personNameSchema, email: emailSchema, password: newPasswordSchema }),
})
export type SetupInput = z.infer<typeof setupInputSchema>

export const signInInputSchema = z.object({
  email: emailSchema,
  // No length rule here: a sign-in must not tell which passwords could exist.
  password: z.string().min(1, 'Enter your password').max(1024),
})

export const authContract = {
  /** Whether the store is empty and the first-run setup screen should be shown. */
  status: oc.input(z.void()).output(z.object({ needsSetup: z.boolean() })),
  /** First run: creates the operator's organisation (the Admin Tenant) and its first SUPER_ADMIN, and signs in. */
  setup: oc.input(setupInputSchema).output(meSchema),
  /** Email + password sign-in; every failure answers the same UNAUTHENTICATED message. */
  signIn: oc.input(signInInputSchema).output(meSchema),
  /** Ends the current session (the stored session row is revoked). */
  signOut: oc.input(z.void()).output(z.object({ ok: z.literal(true) })),
  /** The signed-in user and tenants, or null when signed out. */
  me: oc.input(z.void()).output(meSchema.nullable()),
}

import { oc } from '@orpc/contract'
import * as z from 'zod'
import { switchableTenantSchema } from './organisations.contract'
import {
  emailSchema,
  idSchema,
  meSchema,
  newPasswordSchema,
  orgNameSchema,
  personNameSchema,
  roleSchema,
  searchTermSchema,
  slugSchema,
  tokenSchema,
} from './common'

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

export const registerInputSchema = z.object({ token: tokenSchema, name: personNameSchema, password: newPasswordSchema })
export const resetPasswordInputSchema = z.object({ token: tokenSchema, password: newPasswordSchema })

export const authContract = {
  /** Whether the store is empty and the first-run setup screen should be shown. */
  status: oc.input(z.void()).output(z.object({ needsSetup: z.boolean() })),
  /** First run: creates the operator's organisation (the Admin Tenant) and its first SUPER_ADMIN, and signs in. */
  setup: oc.input(setupInputSchema).output(meSchema),
  /** Email + password sign-in; every failure answers the same UNAUTHENTICATED message. */
  signIn: oc.input(signInInputSchema).output(meSchema),
  /** Ends the current session (the stored session row is revoked). */
  signOut: oc.input(z.void()).output(z.object({ ok: z.literal(true) })),
  /** Ends every session of the signed-in user (other devices, browsers, scripts' bearer tokens), this one included. */
  signOutEverywhere: oc.input(z.void()).output(z.object({ ok: z.literal(true) })),
  /** What an invitation link is for, or why it cannot be used (EXPIRED, NOT_FOUND, CONFLICT). */
  inspectInvitation: oc
    .input(z.object({ token: tokenSchema }))
    .output(z.object({ email: z.string(), organisation: z.string(), role: roleSchema })),
  /** Registers the invited user (the link works once) and signs them in. */
  register: oc.input(registerInputSchema).output(meSchema),
  /** Which account a reset link is for, or why it cannot be used. */
  inspectReset: oc.input(z.object({ token: tokenSchema })).output(z.object({ email: z.string() })),
  /** Sets a new password from a reset link (once); all the user's sessions end. */
  resetPassword: oc.input(resetPasswordInputSchema).output(z.object({ ok: z.literal(true) })),
  /**
   * Organisations an Admin Tenant member may switch into, matching the search (name or slug):
   * the current tenant first, then the ones they used lately, then the rest by name; at most 50.
   */
  switchableTenants: oc.input(z.object({ search: searchTermSchema.optional() })).output(z.array(switchableTenantSchema)),
  /** Re-scopes the session to another tenant (Admin Tenant members only); their own role applies. */
  switchTenant: oc.input(z.object({ tenantId: idSchema })).output(meSchema),
  /** The signed-in user and tenants, or null when signed out. */
  me: oc
    .route({
      summary: 'The signed-in user and tenants',
      description:
        'Answers 200 with the signed-in user, their home and acting tenants and its features; 200 with `null` when the call carries no session or one that has ended (signed out, expired, user deactivated). It never answers 401, so a script can ask whether its token still works.',
    })
    .input(z.void())
    .output(meSchema.nullable()),
}

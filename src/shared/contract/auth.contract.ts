import * as z from 'zod'
import { passkeyAssertionSchema, pendingTokenSchema, recoveryCodeSchema, totpCodeSchema, webauthnOptionsSchema } from './account.contract'
import { documented } from './operation-docs'
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
  /** Every SUPER_ADMIN (this first one too) must have a second factor: on unless turned off here (Settings → Security later). */
  requireSecondFactorForSuperAdmins: z.boolean().default(true),
})
export type SetupInput = z.infer<typeof setupInputSchema>

export const signInInputSchema = z.object({
  email: emailSchema,
  // No length rule here: a sign-in must not tell which passwords could exist.
  password: z.string().min(1, 'Enter your password').max(1024),
})

export const verifySecondFactorInputSchema = z
  .object({
    pendingToken: pendingTokenSchema,
    code: totpCodeSchema.optional(),
    recoveryCode: recoveryCodeSchema.optional(),
    passkey: passkeyAssertionSchema.optional(),
  })
  .refine((input) => [input.code, input.recoveryCode, input.passkey].filter((proof) => proof !== undefined).length === 1, {
    message: 'Enter the code from your authenticator app or one recovery code, or use a passkey',
    path: ['code'],
  })
export type VerifySecondFactorInput = z.infer<typeof verifySecondFactorInputSchema>

/** What `auth.stepUp` takes: a code or a recovery code from a user with an authenticator app, the password from one without. */
export const stepUpInputSchema = z
  .object({
    code: totpCodeSchema.optional(),
    recoveryCode: recoveryCodeSchema.optional(),
    password: z.string().min(1, 'Enter your password').max(1024).optional(),
    passkey: passkeyAssertionSchema.optional(),
  })
  .refine((input) => [input.code, input.recoveryCode, input.password, input.passkey].filter((proof) => proof !== undefined).length === 1, {
    message: 'Enter a code from your authenticator app, one recovery code, or (without a second factor) your password; or use a passkey',
    path: ['code'],
  })
export type StepUpInput = z.infer<typeof stepUpInputSchema>

export const registerInputSchema = z.object({ token: tokenSchema, name: personNameSchema, password: newPasswordSchema })
export const resetPasswordInputSchema = z.object({ token: tokenSchema, password: newPasswordSchema })

export const authContract = {
  status: documented({
    summary: 'Whether first-run setup is needed',
    description:
      'Answers `needsSetup: true` while the store is empty: the console then shows its first-run screen and `auth.setup` is the only way in. Needs no session.',
    session: 'none',
  })
    .input(z.void())
    .output(z.object({ needsSetup: z.boolean() })),
  setup: documented({
    summary: 'First-run setup',
    description:
      "Creates the operator's organisation (the Admin Tenant) and its first SUPER_ADMIN, and signs them in. Works once: afterwards it answers 409 with reason `ALREADY_SET_UP`. `requireSecondFactorForSuperAdmins` (default true) makes every SUPER_ADMIN need a second factor: the session it opens is then limited to setting one up (`enrolmentOnly` in the answer).",
    session: 'opens',
  })
    .input(setupInputSchema)
    .output(meSchema),
  signIn: documented({
    summary: 'Sign in with email and password',
    description:
      'Opens a session. Send `x-switchboard-session: bearer` to get its token in the `x-switchboard-session-token` response header (never in the body); send it as `Authorization: Bearer <token>` from then on. Every failure answers the same 401 message; repeated failures answer 401 with reason `THROTTLED` and `retryAfterSeconds`. For a user with a second factor a right password opens no session yet: it answers 401 with reason `SECOND_FACTOR_REQUIRED` and `data.pendingToken`, to send with a code to `auth.verifySecondFactor` within 5 minutes.',
    session: 'opens',
    errors: ['UNAUTHENTICATED'],
  })
    .input(signInInputSchema)
    .output(meSchema),
  verifySecondFactor: documented({
    summary: 'Finish signing in with a second factor',
    description:
      "The second step of `auth.signIn` for a user with a second factor: the `pendingToken` it answered (valid 5 minutes, once) with either `code`, the 6-digit code from the authenticator app, `passkey`, the authenticator's answer to `auth.passkeyOptions` (as JSON), or `recoveryCode`, one of the user's recovery codes (each works once; its use is recorded and mailed to the user). Opens the session as `auth.signIn` does (bearer token in the `x-switchboard-session-token` header). A wrong code, or one already accepted, answers 401 with reason `SECOND_FACTOR_INVALID` and the same pending token stays usable; an unknown, used or expired pending token answers 401 with reason `SECOND_FACTOR_EXPIRED` (sign in again with the password); repeated failures answer 401 with reason `THROTTLED`. 503 when this server lacks the `factor.key` the code's key was sealed with (a recovery code still works).",
    session: 'opens',
    errors: ['UNAUTHENTICATED', 'UNAVAILABLE'],
  })
    .input(verifySecondFactorInputSchema)
    .output(meSchema),
  passkeyOptions: documented({
    summary: 'Passkey options for the second step of a sign-in',
    description:
      'For a user with a passkey, after `auth.signIn` answered `SECOND_FACTOR_REQUIRED`: WebAuthn authentication options for its `pendingToken` (pass them to `navigator.credentials.get`, e.g. `startAuthentication({ optionsJSON: options })` of @simplewebauthn/browser), then send the answer as `passkey` to `auth.verifySecondFactor`. The challenge belongs to this half-way sign-in and works once (asking again replaces it). An unknown, used or expired pending token answers 401 with reason `SECOND_FACTOR_EXPIRED`; a user without passkeys 422 with reason `NO_SECOND_FACTOR`; 503 with reason `PASSKEYS_UNAVAILABLE` where passkeys cannot work.',
    session: 'none',
    errors: ['UNAUTHENTICATED', 'UNAVAILABLE'],
  })
    .input(z.object({ pendingToken: pendingTokenSchema }))
    .output(webauthnOptionsSchema),
  stepUpPasskeyOptions: documented({
    summary: 'Passkey options for a step-up',
    description:
      'WebAuthn authentication options for confirming it is you with a passkey (see `auth.stepUp`): send the answer as `passkey` to `auth.stepUp` within 5 minutes. The challenge belongs to this session and works once. 422 with reason `NO_SECOND_FACTOR` for a user without passkeys; 503 with reason `PASSKEYS_UNAVAILABLE` where passkeys cannot work.',
    errors: ['UNAVAILABLE'],
  })
    .input(z.void())
    .output(webauthnOptionsSchema),
  stepUp: documented({
    summary: 'Confirm it is you (step-up)',
    description:
      'Operations that can take over tenants (editing an organisation — its features, its Admin Tenant flag —, creating an Admin Tenant, making or inviting a SUPER_ADMIN, starting a backup, changing the email settings) need a factor proven in the last 5 minutes. Signing in proves it; after 5 minutes they answer 403 with reason `STEP_UP_REQUIRED` and change nothing: call this, then repeat the call. A user with an authenticator app sends `code` (or one `recoveryCode`, used up, recorded and mailed as at sign-in); a user with a passkey may send `passkey`, the answer to `auth.stepUpPasskeyOptions`; a user with no second factor sends their `password`. Answers until when such operations run without asking again. A wrong or reused code, or a wrong password, answers 422 with reason `SECOND_FACTOR_INVALID` on its field (the session is fine); repeated failures answer 422 with reason `THROTTLED`. 503 when this server lacks the `factor.key` the code was sealed with (a recovery code still works).',
    errors: ['UNAVAILABLE'],
  })
    .input(stepUpInputSchema)
    .output(z.object({ stepUpUntil: z.date() })),
  signOut: documented({
    summary: 'Sign out',
    description: 'Ends the current session: the stored session row is revoked, so the token stops working at once.',
  })
    .input(z.void())
    .output(z.object({ ok: z.literal(true) })),
  signOutEverywhere: documented({
    summary: 'Sign out everywhere',
    description: "Ends every session of the signed-in user (other devices, browsers, scripts' bearer tokens), this one included.",
  })
    .input(z.void())
    .output(z.object({ ok: z.literal(true) })),
  inspectInvitation: documented({
    summary: 'Inspect an invitation link',
    description:
      'What an invitation link is for (email, organisation, role), or why it cannot be used: 404 unknown or revoked, 410 expired, 409 already used (reason `LINK_USED`). Needs no session; attempts are throttled.',
    session: 'none',
    errors: ['NOT_FOUND', 'EXPIRED', 'CONFLICT', 'UNAUTHENTICATED'],
  })
    .input(z.object({ token: tokenSchema }))
    .output(
      z.object({
        email: z.string(),
        organisation: z.string(),
        role: roleSchema,
        /** The name a bulk invite's file gave, offered on the registration form. */
        name: z.string().optional(),
      }),
    ),
  register: documented({
    summary: 'Register from an invitation',
    description: 'Creates the invited user with their name and password (the link works once) and signs them in, as `auth.signIn` does.',
    session: 'opens',
    errors: ['NOT_FOUND', 'EXPIRED', 'CONFLICT', 'UNAUTHENTICATED'],
  })
    .input(registerInputSchema)
    .output(meSchema),
  inspectReset: documented({
    summary: 'Inspect a password-reset link',
    description:
      'Which account a reset link is for, or why it cannot be used (404 unknown or used, 410 expired). Needs no session; attempts are throttled.',
    session: 'none',
    errors: ['NOT_FOUND', 'EXPIRED', 'UNAUTHENTICATED'],
  })
    .input(z.object({ token: tokenSchema }))
    .output(z.object({ email: z.string() })),
  resetPassword: documented({
    summary: 'Set a new password from a reset link',
    description: "Sets the password (the link works once); all the user's sessions end, so they sign in again.",
    session: 'none',
    errors: ['NOT_FOUND', 'EXPIRED', 'UNAUTHENTICATED'],
  })
    .input(resetPasswordInputSchema)
    .output(z.object({ ok: z.literal(true) })),
  switchableTenants: documented({
    summary: 'Organisations to switch into',
    description:
      'Organisations an Admin Tenant member may switch into, matching the search (name or slug): the current tenant first, then the ones they used lately, then the rest by name; at most 50.',
    errors: ['FORBIDDEN'],
  })
    .input(z.object({ search: searchTermSchema.optional() }))
    .output(z.array(switchableTenantSchema)),
  switchTenant: documented({
    summary: 'Act in another organisation',
    description:
      "Re-scopes the session to another tenant (Admin Tenant members only); the caller's own role applies there. Every later call, idempotency keys included, acts in the new tenant.",
    errors: ['FORBIDDEN', 'NOT_FOUND'],
  })
    .input(z.object({ tenantId: idSchema }))
    .output(meSchema),
  me: documented({
    summary: 'The signed-in user and tenants',
    description:
      'Answers 200 with the signed-in user, their home and acting tenants and its features; 200 with `null` when the call carries no session or one that has ended (signed out, expired, user deactivated). It never answers 401, so a script can ask whether its token still works.',
    session: 'none',
  })
    .input(z.void())
    .output(meSchema.nullable()),
}

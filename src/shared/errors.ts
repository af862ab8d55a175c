/**
 * Error codes that cross every boundary (IPC, HTTP, CLI). A raw Error never does:
 * the RPC layer maps anything else to INTERNAL without its message.
 */
export const ErrorCode = {
  VALIDATION: 'VALIDATION',
  NOT_FOUND: 'NOT_FOUND',
  FORBIDDEN: 'FORBIDDEN',
  CONFLICT: 'CONFLICT',
  EXPIRED: 'EXPIRED',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  UNAVAILABLE: 'UNAVAILABLE',
  FEATURE_DISABLED: 'FEATURE_DISABLED',
  TOO_LARGE: 'TOO_LARGE',
  INTERNAL: 'INTERNAL',
} as const
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode]

/** HTTP status used when an error travels over HTTP. */
export const errorStatus: Record<ErrorCode, number> = {
  VALIDATION: 422,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  CONFLICT: 409,
  EXPIRED: 410,
  UNAUTHENTICATED: 401,
  UNAVAILABLE: 503,
  FEATURE_DISABLED: 403,
  TOO_LARGE: 413,
  INTERNAL: 500,
}

/** Field path (dot-joined, e.g. `admin.email`) → first message for that field. */
type FieldErrors = Record<string, string>

interface Issue {
  message: string
  path?: ReadonlyArray<PropertyKey | { key: PropertyKey }>
}

/** Schema issues → `{ 'admin.email': message }`, the first message per field; `_` for the whole input. */
export function fieldErrorsFrom(issues: readonly Issue[]): FieldErrors {
  const fields: FieldErrors = {}
  for (const issue of issues) {
    const key = (issue.path ?? []).map((p) => String(typeof p === 'object' ? p.key : p)).join('.')
    fields[key || '_'] ??= issue.message
  }
  return fields
}

/**
 * Why an error happened, for code to branch on (the renderer never matches an error's prose).
 * `ids` names the records concerned, e.g. the pending invitation to offer Resend for.
 */
export const ErrorReason = {
  /** The instance has its Admin Tenant and first SUPER_ADMIN already: sign in instead. */
  ALREADY_SET_UP: 'ALREADY_SET_UP',
  ALREADY_INVITED: 'ALREADY_INVITED',
  /** The email is in use in another organisation (a user or an invitation there; which is not said). */
  EMAIL_ELSEWHERE: 'EMAIL_ELSEWHERE',
  EMAIL_TAKEN: 'EMAIL_TAKEN',
  /** An invitation link that has been used (ids.invitationId when known). */
  LINK_USED: 'LINK_USED',
  SLUG_TAKEN: 'SLUG_TAKEN',
  ADMIN_TENANT_TAKEN: 'ADMIN_TENANT_TAKEN',
  /** The organisation is home to SUPER_ADMINs, so it must stay the Admin Tenant. */
  ADMIN_TENANT_REQUIRED: 'ADMIN_TENANT_REQUIRED',
  NAME_TAKEN: 'NAME_TAKEN',
  LAST_SUPER_ADMIN: 'LAST_SUPER_ADMIN',
  NOT_PENDING: 'NOT_PENDING',
  /** The user is deactivated: reactivate them first (reset links, team membership). */
  USER_DEACTIVATED: 'USER_DEACTIVATED',
  /** Nobody changes their own role or deactivates themselves. */
  SELF_CHANGE: 'SELF_CHANGE',
  /** The role cannot be granted here or by this caller (SUPER_ADMIN outside the Admin Tenant). */
  ROLE_NOT_GRANTABLE: 'ROLE_NOT_GRANTABLE',
  /** The user cannot take this ticket (inactive, READ_ONLY, or outside its team). */
  NOT_ASSIGNABLE: 'NOT_ASSIGNABLE',
  /** Deactivation with handover: the team is not one the leaving user manages, or the user named is not an active member of it. */
  NOT_APPOINTABLE: 'NOT_APPOINTABLE',
  /** Demo data goes only into a demo organisation… */
  NOT_DEMO: 'NOT_DEMO',
  /** …and only once, while it has no tickets or teams. */
  DEMO_NOT_EMPTY: 'DEMO_NOT_EMPTY',
  /** Reset demo, Start my own console and the demo's sign-in are for a store made by Explore the demo. */
  NOT_DEMO_STORE: 'NOT_DEMO_STORE',
  /** The machine has no usable OS keychain, so a secret (the SMTP password) cannot be kept. */
  KEYCHAIN_UNAVAILABLE: 'KEYCHAIN_UNAVAILABLE',
  /** Mail could not be sent because no mail server is configured (recorded as "not sent", without its link). */
  EMAIL_NOT_CONFIGURED: 'EMAIL_NOT_CONFIGURED',
  /** Too many failed attempts (sign-in, link): `retryAfterSeconds` says when to try again. */
  THROTTLED: 'THROTTLED',
  /**
   * The password was right and the user has a second factor: send `pendingToken` with a code to
   * `auth.verifySecondFactor` to finish signing in.
   */
  SECOND_FACTOR_REQUIRED: 'SECOND_FACTOR_REQUIRED',
  /** The code (or recovery code, or password) was wrong or already used; the sign-in can be finished with another. */
  SECOND_FACTOR_INVALID: 'SECOND_FACTOR_INVALID',
  /** The half-way sign-in is unknown, used or older than 5 minutes: sign in again with the password. */
  SECOND_FACTOR_EXPIRED: 'SECOND_FACTOR_EXPIRED',
  /** An authenticator app is set up (confirmed) already: remove it before setting up another. */
  SECOND_FACTOR_SET_UP: 'SECOND_FACTOR_SET_UP',
  /** No set-up of an authenticator app is waiting for its first code (never started, or replaced meanwhile). */
  SECOND_FACTOR_NOT_STARTED: 'SECOND_FACTOR_NOT_STARTED',
  /**
   * The operation can take over tenants (see shared/step-up.ts) and the session's factor was proven
   * more than 5 minutes ago: prove it again with `auth.stepUp`, then repeat the call. Nothing changed.
   */
  STEP_UP_REQUIRED: 'STEP_UP_REQUIRED',
  /** Their organisation (or, for a SUPER_ADMIN, the instance) requires a second factor and they have none: this session may only set one up (Your account). */
  SECOND_FACTOR_ENROLMENT_REQUIRED: 'SECOND_FACTOR_ENROLMENT_REQUIRED',
  /** The setting is fixed by an environment variable of the server (named in the message): change it there. */
  SET_BY_ENVIRONMENT: 'SET_BY_ENVIRONMENT',
  /** The user has no second factor set up: there is nothing to reset. */
  NO_SECOND_FACTOR: 'NO_SECOND_FACTOR',
  /** Passkeys cannot work where this console runs (the desktop app on its own store, an address that is not a domain name). */
  PASSKEYS_UNAVAILABLE: 'PASSKEYS_UNAVAILABLE',
  /** The user has as many passkeys as allowed: remove one first. */
  PASSKEY_LIMIT: 'PASSKEY_LIMIT',
  /** A mutation sent with this idempotency key is still running: wait for its answer before retrying. */
  STILL_RUNNING: 'STILL_RUNNING',
  /** The console's active connection changed (another choice, another window) while this call was on its way. */
  CONNECTION_CHANGED: 'CONNECTION_CHANGED',
  /** The remote instance did not answer (offline, refused, timed out): the console offers Retry. */
  INSTANCE_UNREACHABLE: 'INSTANCE_UNREACHABLE',
  /** The console and the instance speak different contract versions (both are named in the message). */
  INCOMPATIBLE_VERSION: 'INCOMPATIBLE_VERSION',
  /** The instance's TLS certificate did not verify; there is no switch to ignore it. */
  CERTIFICATE_REFUSED: 'CERTIFICATE_REFUSED',
} as const
export type ErrorReason = (typeof ErrorReason)[keyof typeof ErrorReason]

interface ErrorDetail {
  reason?: ErrorReason
  ids?: Record<string, string>
  /** With THROTTLED: whole seconds until the next attempt is accepted. */
  retryAfterSeconds?: number
  /** With SECOND_FACTOR_REQUIRED: the half-way sign-in to finish with `auth.verifySecondFactor`. */
  pendingToken?: string
}

export interface ErrorData extends ErrorDetail {
  code: ErrorCode
  message: string
  fields?: FieldErrors
}

/** The one error type services throw and clients receive. */
export class AppError extends Error implements ErrorData {
  readonly code: ErrorCode
  readonly fields?: FieldErrors
  readonly reason?: ErrorReason
  readonly ids?: Record<string, string>
  readonly retryAfterSeconds?: number
  readonly pendingToken?: string

  constructor(code: ErrorCode, message: string, fields?: FieldErrors, detail?: ErrorDetail) {
    super(message)
    this.name = 'AppError'
    this.code = code
    if (fields) this.fields = fields
    if (detail?.reason) this.reason = detail.reason
    if (detail?.ids) this.ids = detail.ids
    if (detail?.retryAfterSeconds !== undefined) this.retryAfterSeconds = detail.retryAfterSeconds
    if (detail?.pendingToken) this.pendingToken = detail.pendingToken
  }

  /** What travels in a transport error's `data`: fields, reason and ids, where present. */
  toWireData(): Omit<ErrorData, 'code' | 'message'> {
    const data: Omit<ErrorData, 'code' | 'message'> = {}
    if (this.fields) data.fields = this.fields
    if (this.reason) data.reason = this.reason
    if (this.ids) data.ids = this.ids
    if (this.retryAfterSeconds !== undefined) data.retryAfterSeconds = this.retryAfterSeconds
    if (this.pendingToken) data.pendingToken = this.pendingToken
    return data
  }

  toData(): ErrorData {
    return { code: this.code, message: this.message, ...this.toWireData() }
  }
}

function isErrorReason(value: unknown): value is ErrorReason {
  return typeof value === 'string' && value in ErrorReason
}

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && value in ErrorCode
}

/**
 * Turns whatever a transport threw into an AppError. Transport errors carry
 * `{code, message, data: {fields}}`; anything unrecognised (network down, server gone)
 * becomes UNAVAILABLE so the UI can say so rather than crash.
 */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error
  if (typeof error === 'object' && error !== null) {
    const { code, message, data } = error as { code?: unknown; message?: unknown; data?: unknown }
    if (isErrorCode(code)) {
      const { fields, reason, ids, retryAfterSeconds, pendingToken } = (data ?? {}) as {
        fields?: FieldErrors
        reason?: unknown
        ids?: Record<string, string>
        retryAfterSeconds?: unknown
        pendingToken?: unknown
      }
      return new AppError(code, typeof message === 'string' ? message : code, fields, {
        reason: isErrorReason(reason) ? reason : undefined,
        ids,
        retryAfterSeconds: typeof retryAfterSeconds === 'number' ? retryAfterSeconds : undefined,
        pendingToken: typeof pendingToken === 'string' ? pendingToken : undefined,
      })
    }
  }
  return new AppError(ErrorCode.UNAVAILABLE, 'The console cannot reach its backend. Check that Switchboard is still running.')
}

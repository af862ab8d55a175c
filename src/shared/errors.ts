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
  INTERNAL: 500,
}

/** Field path (dot-joined, e.g. `admin.email`) → first message for that field. */
export type FieldErrors = Record<string, string>

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

export interface ErrorData {
  code: ErrorCode
  message: string
  fields?: FieldErrors
}

/** The one error type services throw and clients receive. */
export class AppError extends Error implements ErrorData {
  readonly code: ErrorCode
  readonly fields?: FieldErrors

  constructor(code: ErrorCode, message: string, fields?: FieldErrors) {
    super(message)
    this.name = 'AppError'
    this.code = code
    if (fields) this.fields = fields
  }

  toData(): ErrorData {
    return this.fields ? { code: this.code, message: this.message, fields: this.fields } : { code: this.code, message: this.message }
  }
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
      const fields = (data as { fields?: FieldErrors } | undefined)?.fields
      return new AppError(code, typeof message === 'string' ? message : code, fields)
    }
  }
  return new AppError(ErrorCode.UNAVAILABLE, 'The console cannot reach its backend. Check that Switchboard is still running.')
}

import { oc } from '@orpc/contract'
import type { ErrorCode } from '../errors'

/**
 * How an operation uses the caller's session. `none`: answers without one (first run, sign-in,
 * links, `auth.me`); `opens`: also answers without one and starts a session (its token comes back
 * in the session-token header in bearer mode); `required` (the default): refused with
 * UNAUTHENTICATED without a live session.
 */
export type SessionUse = 'none' | 'opens' | 'required'

/** What an operation says about itself: the one text the API document, /api/docs and the console's help read. */
export interface OperationDocs {
  /** A few words, no full stop: the operation's name in the reference. */
  summary: string
  /** What it does, who may call it, what its answer means (Markdown). */
  description: string
  /**
   * The refusals particular to this operation, by code (the HTTP status follows from the code).
   * Those every call can meet are documented for all operations and need not be listed:
   * VALIDATION, TOO_LARGE, CONFLICT (another contract version; an idempotent call still running),
   * INTERNAL, and UNAUTHENTICATED unless the session is `none` or `opens`.
   */
  errors?: readonly ErrorCode[]
  session?: SessionUse
  /**
   * Retiring: the operation still works and the document marks it deprecated (say in the
   * description what to use instead). It may be removed only with a raised CONTRACT_VERSION.
   */
  deprecated?: true
}

/** Where the generator finds `errors` and `session` on a generated operation (removed from the published document). */
export const OPERATION_DOCS_EXTENSION = 'x-switchboard-docs'

export interface OperationDocsExtension {
  errors: readonly ErrorCode[]
  session: SessionUse
}

/**
 * The start of every contract operation: `documented({ summary, description, errors }).input(…).output(…)`.
 * Summary and description are oRPC route metadata; errors and session ride along on the route's
 * OpenAPI `spec` hook, so the contract stays their only home.
 */
export function documented(docs: OperationDocs) {
  const extension: OperationDocsExtension = { errors: docs.errors ?? [], session: docs.session ?? 'required' }
  return oc.route({
    summary: docs.summary,
    description: docs.description,
    ...(docs.deprecated ? { deprecated: true } : {}),
    spec: (operation) => Object.assign({}, operation, { [OPERATION_DOCS_EXTENSION]: extension }),
  })
}

/**
 * What a console and an instance server agree on beyond the contract itself: the HTTP headers
 * that carry bearer sessions, idempotency keys and the contract version. Both sides import
 * these names from here.
 */

/** `Authorization: Bearer <token>`: a desktop console's or a script's session on an instance. */
export const AUTHORIZATION_HEADER = 'authorization'

/**
 * Sent with `auth.signIn` (and the other calls that open a session) by a caller that wants a bearer
 * token instead of a cookie: `x-switchboard-session: bearer`. The instance then answers the new
 * token in SESSION_TOKEN_HEADER (never in the body, never in a cookie).
 */
export const SESSION_MODE_HEADER = 'x-switchboard-session'
export const SESSION_TOKEN_HEADER = 'x-switchboard-session-token'

/**
 * One key per mutation attempt, kept across retries: the instance answers a repeated key from the
 * same session with the first answer instead of running the mutation again.
 */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key'

/** The caller's CONTRACT_VERSION; the instance refuses a different one, naming both. */
export const CONTRACT_VERSION_HEADER = 'x-switchboard-contract'

/** Where an instance serves the contract (oRPC's RPC protocol), its OpenAPI document and its version. */
export const INSTANCE_PATHS = {
  rpc: '/rpc',
  openApi: '/api/openapi.json',
  reference: '/api/docs',
  api: '/api',
  version: '/version',
  health: '/healthz',
  ready: '/readyz',
} as const

/** What `GET /version` answers. */
export interface InstanceVersion {
  app: string
  contract: number
}

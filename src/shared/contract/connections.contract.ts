import type { ContractRouterClient } from '@orpc/contract'
import { oc } from '@orpc/contract'
import * as z from 'zod'
import { emailSchema } from './common'
import { contract } from './index'

/** The local store's connection: always there, never removed. */
export const LOCAL_CONNECTION_ID = 'local'

export const ConnectionKind = { LOCAL: 'local', REMOTE: 'remote' } as const
export type ConnectionKind = (typeof ConnectionKind)[keyof typeof ConnectionKind]

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])

/**
 * An instance's address: https, or plain http only on this computer (loopback), since a session
 * token must never cross a network unencrypted. Kept without a trailing slash, query or fragment.
 */
export const instanceUrlSchema = z
  .string()
  .trim()
  .min(1, 'Enter the address of the instance')
  .max(2048, 'Address is too long')
  .transform((value, ctx) => {
    let url: URL
    try {
      url = new URL(value)
    } catch {
      ctx.addIssue({ code: 'custom', message: 'Enter a full address, such as https://switchboard.example.com' })
      return z.NEVER
    }
    const loopback = LOOPBACK_HOSTS.has(url.hostname)
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
      ctx.addIssue({ code: 'custom', message: 'Use an https:// address (plain http:// only for this computer)' })
      return z.NEVER
    }
    if (url.username || url.password) {
      ctx.addIssue({ code: 'custom', message: 'Leave the user name and password out of the address' })
      return z.NEVER
    }
    // The console calls the instance at its root (/rpc, /version): a path would be dropped, sending the
    // password to whatever else that host serves at its root.
    if (url.pathname !== '/' || url.search || url.hash) {
      ctx.addIssue({ code: 'custom', message: "Enter the instance's address without a path, such as https://switchboard.example.com" })
      return z.NEVER
    }
    return url.origin
  })

/** Absolute on any system the host runs on: `/…`, `C:\…` or `\\server\share\…`. */
const ABSOLUTE_PATH = /^(\/|[A-Za-z]:[\\/]|\\\\)/

/**
 * The PEM file of the organisation's own certificate authority, for an instance whose certificate
 * it signed: a path on the console's computer, read by the console's host (which refuses a file it
 * cannot read or that holds no CA certificate). Blank for none: the instance's certificate must then
 * verify against the bundled roots or the operating system's store.
 */
const caFileSchema = z
  .string()
  .trim()
  .max(4096, 'Path is too long')
  .refine((value) => value === '' || ABSOLUTE_PATH.test(value), 'Enter the full path of the file, such as /etc/ssl/acme-ca.pem')
  .transform((value) => value || undefined)
  .optional()

export const connectionNameSchema = z.string().trim().min(1, 'Name is required').max(80, 'Name is too long')

export const connectionSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum([ConnectionKind.LOCAL, ConnectionKind.REMOTE]),
  /** The instance's address; null for the local store. */
  url: z.string().nullable(),
  /** What the header shows: the instance's host, or "This computer". */
  host: z.string(),
  /** The CA certificate file trusted for this instance; null where there is none (and for the local store). */
  caFile: z.string().nullable(),
  active: z.boolean(),
})
export type Connection = z.infer<typeof connectionSchema>

export const addConnectionInputSchema = z.object({
  name: connectionNameSchema,
  url: instanceUrlSchema,
  email: emailSchema,
  password: z.string().min(1, 'Enter your password').max(1024),
  /**
   * For an account with two-step verification: the code from the authenticator app, or a recovery
   * code. Asked for once the instance said it needs one (reason SECOND_FACTOR_REQUIRED).
   */
  code: z
    .string()
    .trim()
    .max(64, 'That is not a code')
    .transform((value) => value || undefined)
    .optional(),
  caFile: caFileSchema,
})
export type AddConnectionInput = z.input<typeof addConnectionInputSchema>

const connectionIdInput = z.object({ id: z.string().min(1).max(64) })

/**
 * Host-local operations: which backend this console talks to. Served only by the console's own host
 * (desktop main process, browser shell), never by an instance. Session tokens never appear here.
 */
export const connectionsContract = {
  list: oc.input(z.void()).output(z.array(connectionSchema)),
  /** The active connection, as the header shows it. */
  active: oc.input(z.void()).output(connectionSchema),
  /**
   * Checks the CA file (if one is named), the address, the certificate and the version, signs in once
   * (the token goes to the OS keychain) and adds the connection.
   */
  add: oc.input(addConnectionInputSchema).output(connectionSchema),
  /** Forgets a remote connection and deletes its token from the keychain; the console switches to the local store if it was active. */
  remove: oc.input(connectionIdInput).output(z.object({ ok: z.literal(true) })),
  /** Makes a connection active; the console reloads to talk to it. */
  activate: oc.input(connectionIdInput).output(connectionSchema),
  /** Whether the active instance answers (and speaks this console's contract version): the banner's Retry. */
  check: oc.input(z.void()).output(z.object({ ok: z.literal(true) })),
}

/** What the console's renderer talks to: the contract, plus its own host's connections. */
export const consoleContract = { ...contract, connections: connectionsContract }
export type ConsoleContract = typeof consoleContract
export type ConsoleClient = ContractRouterClient<ConsoleContract>

import { randomUUID } from 'node:crypto'
import { createORPCClient } from '@orpc/client'
import { RPCLink } from '@orpc/client/fetch'
import type { SwitchboardClient } from '../../shared/contract'
import { CONTRACT_VERSION } from '../../shared/contract/version'
import {
  AUTHORIZATION_HEADER,
  CONTRACT_VERSION_HEADER,
  IDEMPOTENCY_KEY_HEADER,
  INSTANCE_PATHS,
  SESSION_MODE_HEADER,
  SESSION_TOKEN_HEADER,
  type InstanceVersion,
} from './protocol'
import { incompatibleVersion, isCertificateFailure, remoteFailure, type InstanceName } from './failures'
import { isMutation } from './operations'
import { trustingFetch } from './trust'

/** Where the console keeps its bearer token for one instance (the OS keychain in the app). */
export interface TokenSlot {
  get(): Promise<string | null>
  set(token: string | null): Promise<void>
}

export interface InstanceClientOptions {
  instance: InstanceName
  session: TokenSlot
  /** The version this console speaks; tests pass another to see an instance refuse it. */
  contractVersion?: number
  /** Certificate authorities trusted for this instance besides the bundled roots and the OS store (a connection's CA file). */
  ca?: readonly string[]
  /** How long to wait for an answer to begin before calling the instance unreachable. */
  timeoutMs?: number
}

export interface InstanceClient {
  client: SwitchboardClient
  /** GET /version, refused with INCOMPATIBLE_VERSION when it speaks another contract version. */
  checkVersion(): Promise<InstanceVersion>
  /** Closes the connections kept open to the instance; for a connection that is forgotten. */
  close(): Promise<void>
}

/** Calls that end the session they are made in: the token is forgotten however they end. */
const SESSION_ENDING = new Set(['auth.signOut', 'auth.signOutEverywhere'])
/** Calls that open a session: an UNAUTHENTICATED answer there means wrong credentials, not a dead session. */
const SESSION_OPENING = new Set(['auth.signIn', 'auth.verifySecondFactor', 'auth.setup', 'auth.register'])

/**
 * A typed client of an instance over oRPC's RPC protocol. Every request carries the bearer token,
 * this console's contract version and asks for bearer sessions; a mutation carries an idempotency
 * key, and a request whose answer never arrived (refused, dropped, timed out) is sent once more
 * with the same key, so the instance runs it at most once. Nothing is queued: a second failure is
 * the caller's error. The instance's certificate must verify against the roots `trustingFetch` trusts.
 */
export function createInstanceClient(options: InstanceClientOptions): InstanceClient {
  const { instance, session } = options
  const version = options.contractVersion ?? CONTRACT_VERSION
  const trust = trustingFetch(options.ca)
  const fetchImpl = trust.fetch
  const timeoutMs = options.timeoutMs ?? 15_000
  const base = new URL(instance.url)

  /**
   * One attempt. An answer is read whole before the timer stops, so an instance (or a proxy) that sends
   * its headers and then stalls is a time-out, not a call that waits forever; only an event stream (the
   * CSV export) is handed on as it flows, so that long streams are not cut.
   */
  async function attempt(url: string, init: RequestInit): Promise<Response> {
    const timeout = new AbortController()
    const timer = setTimeout(() => timeout.abort(new DOMException('The instance did not answer in time', 'TimeoutError')), timeoutMs)
    try {
      const signal = init.signal ? AbortSignal.any([init.signal, timeout.signal]) : timeout.signal
      const response = await fetchImpl(url, { ...init, signal })
      if (response.headers.get('content-type')?.startsWith('text/event-stream')) return response
      const body = await response.arrayBuffer()
      return new Response(body.byteLength ? body : null, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      })
    } finally {
      clearTimeout(timer)
    }
  }

  async function send(request: Request, path: readonly string[]): Promise<Response> {
    const operation = path.join('.')
    const key = isMutation(path) ? randomUUID() : null
    // Read once so that the retry sends the very same body.
    const body = request.body ? await request.arrayBuffer() : undefined
    const token = await session.get()
    const headers = new Headers(request.headers)
    if (token) headers.set(AUTHORIZATION_HEADER, `Bearer ${token}`)
    headers.set(CONTRACT_VERSION_HEADER, String(version))
    headers.set(SESSION_MODE_HEADER, 'bearer')
    if (key) headers.set(IDEMPOTENCY_KEY_HEADER, key)
    const init: RequestInit = { method: request.method, headers, body, signal: request.signal, redirect: 'error' }

    let response: Response
    try {
      response = await attempt(request.url, init)
    } catch (error) {
      // Sent once more only where the instance can tell the two apart: a signed-in mutation carries its
      // key; one made signed out (a reset link, a registration) is not recorded, so it is never resent.
      if (isCertificateFailure(error) || request.signal.aborted || (key && !token)) throw remoteFailure(error, instance)
      try {
        response = await attempt(request.url, init)
      } catch (again) {
        throw remoteFailure(again, instance)
      }
    }
    const opened = response.headers.get(SESSION_TOKEN_HEADER)
    if (opened) await session.set(opened)
    else if (SESSION_ENDING.has(operation)) await session.set(null)
    // A bearer token the instance no longer accepts (expired, revoked, user deactivated) is of no more use.
    // Only the token this call sent: a sign-in that finished meanwhile keeps its new one.
    else if (response.status === 401 && token && !SESSION_OPENING.has(operation) && (await session.get()) === token) await session.set(null)
    return response
  }

  const link = new RPCLink({
    url: new URL(INSTANCE_PATHS.rpc, base).toString(),
    fetch: (request, _init, _options, path) => send(request, path),
    clientInterceptors: [
      async ({ next }) => {
        try {
          return await next()
        } catch (error) {
          throw remoteFailure(error, instance)
        }
      },
    ],
  })

  return {
    client: createORPCClient<SwitchboardClient>(link),
    async checkVersion() {
      let answer: InstanceVersion
      try {
        const response = await attempt(new URL(INSTANCE_PATHS.version, base).toString(), { redirect: 'error' })
        if (!response.ok) throw new Error(`GET ${INSTANCE_PATHS.version} answered ${response.status}`)
        answer = (await response.json()) as InstanceVersion
      } catch (error) {
        throw remoteFailure(error, instance)
      }
      if (answer.contract !== version) throw incompatibleVersion(instance, version, answer.contract)
      return answer
    },
    close: () => trust.close(),
  }
}

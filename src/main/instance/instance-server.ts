import http from 'node:http'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { OpenAPIHandler } from '@orpc/openapi/node'
import { httpRpcHandler } from '../rpc/rpc-handler'
import { pino, type Logger } from 'pino'
import { CONTRACT_VERSION } from '../../shared/contract/version'
import { AppError, ErrorCode, ErrorReason } from '../../shared/errors'
import { appVersion } from '../backend'
import type { Engine } from '../db/engine'
import { clientAddress, trustedProxies } from './client-address'
import { setAuditOrigin } from '../features/audit/audit.repository'
import { capConnections, defaultConnectionLimits, serverTimeouts, type ConnectionLimits } from '../http/connection-limits'
import { requestUrl } from '../http/request-url'
import { sendRpcError } from '../http/rpc-error'
import { serveCall } from '../http/serve-call'
import { SECURITY_HEADERS } from '../http/security-headers'
import { serveStatic } from '../http/static-files'
import { CONTRACT_VERSION_HEADER, IDEMPOTENCY_KEY_HEADER, INSTANCE_PATHS, type InstanceVersion } from '../remote/protocol'
import { newHandlerOptions } from '../rpc/errors'
import { createRouter, rpcContext } from '../rpc/router'
import type { Services } from '../services'
import type { IdempotentStart } from '../features/idempotency/idempotency.service'
import { isMutation, SECRET_ANSWERS } from '../remote/operations'
import { idempotentAnswers } from './idempotent-answer'
import { requestSessionSlot } from './instance-session'
import { isLoopback, plainHttpRefusal } from './loopback'
import { openApiDocument, type OpenApiDocument } from './openapi-document'
import { isReferenceAsset, referencePage, serveReferenceAsset } from './openapi-reference'
import { toTransportError } from '../rpc/errors'

export interface InstanceServerOptions {
  services: Services
  /** The renderer build (`out/renderer`), served to browsers. */
  rendererDir: string
  /** Default 127.0.0.1. */
  host?: string
  /** 0 or absent: a free port chosen by the OS. */
  port?: number
  /** PEM certificate and key: served over HTTPS. */
  tls?: { cert: string | Buffer; key: string | Buffer }
  /** The base of every emailed link and the only origin browsers may call from; default: this server's own URL. */
  publicUrl?: string
  /** Stated by the caller that chose plain HTTP on a non-loopback address (the CLI checks it; recorded in the log). */
  insecureHttp?: boolean
  /** Where the one-line-per-request JSON log goes; default: silent (the CLI passes one to stdout). */
  logger?: Logger
  /** When given, audit rows written through this server record its public URL as their connection. */
  engine?: Engine
  /** Timeouts and the connection cap; the defaults when absent. */
  limits?: ConnectionLimits
  /**
   * Addresses or CIDR ranges of the proxies in front (load balancer, TLS terminator): only for a
   * peer among them is X-Forwarded-For believed, for throttling and the log. None by default.
   */
  trustedProxies?: readonly string[]
}

export interface InstanceServer {
  /** Base URL, no trailing slash. */
  url: string
  port: number
  /** Stops accepting connections, lets in-flight requests finish, then resolves. */
  close(): Promise<void>
}

/** In-flight requests get this long to finish on close before their connections are cut. */
const CLOSE_GRACE_MS = 30_000
const HSTS = 'max-age=31536000'

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }).end(JSON.stringify(body))
}

/** A refusal before oRPC on /api, in the OpenAPI handler's own error format `{ code, status, message, data }`. */
function sendApiError(res: http.ServerResponse, error: unknown): void {
  const transport = toTransportError(error)
  res.writeHead(transport.status, { 'Content-Type': 'application/json', Connection: 'close' }).end(JSON.stringify(transport.toJSON()))
}

function text(res: http.ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(body)
}

/** The console and the instance must speak the same contract; the message names both versions. */
export function incompatibleVersion(theirs: string): AppError {
  return new AppError(
    ErrorCode.CONFLICT,
    `This console speaks contract version ${theirs}; this instance speaks version ${CONTRACT_VERSION}. Update the older one.`,
    undefined,
    { reason: ErrorReason.INCOMPATIBLE_VERSION },
  )
}

const urlHost = (host: string) => (host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host)

/**
 * The on-prem instance server: the contract over HTTP(S) for many operators at once (bearer
 * sessions for consoles and scripts, cookie sessions for browsers), the console itself for
 * browsers, and health and version endpoints. Links in mail use the public URL, never a Host header.
 */
export async function startInstanceServer(options: InstanceServerOptions): Promise<InstanceServer> {
  const { services } = options
  const log = options.logger ?? pino({ level: 'silent' })
  const secure = options.tls !== undefined
  const proxies = options.trustedProxies?.length ? trustedProxies(options.trustedProxies) : null
  // Browsers reach the instance over HTTPS when TLS ends here or at a proxy in front (an https
  // public URL): Secure __Host- cookies and HSTS then, decided once the public URL is known.
  let httpsToBrowsers = secure
  const answers = idempotentAnswers()
  const router = createRouter(services, { onInstance: true })
  const rpc = httpRpcHandler(router, { ...newHandlerOptions(), interceptors: [answers.interceptor] })
  const api = new OpenAPIHandler(router, { ...newHandlerOptions(), interceptors: [answers.interceptor] })
  let documentPromise: Promise<OpenApiDocument> | undefined
  const apiDocument = () => (documentPromise ??= openApiDocument(publicUrl))
  let publicOrigin = ''
  let publicUrl = ''
  let closing = false
  const cookie = { name: 'switchboard_session', secure: false }
  const version: InstanceVersion = { app: appVersion(), contract: CONTRACT_VERSION }

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const started = performance.now()
    // 'close' rather than 'finish': a request whose client went away is logged too (aborted).
    res.on('close', () => {
      // Method, path and status only: never the query, headers or bodies (tokens travel there).
      const path = (req.url ?? '').split('?')[0]
      const ms = Math.round(performance.now() - started)
      const client = clientAddress(req, proxies)
      log.info(
        { method: req.method, path, status: res.statusCode, ms, client, ...(res.writableFinished ? {} : { aborted: true }) },
        'request',
      )
      // Closing: the connection this answer leaves idle goes now.
      if (closing) setImmediate(() => server.closeIdleConnections())
    })
    try {
      route(req, res)
    } catch (error) {
      // A request must never take the instance down; answer it and go on.
      log.error({ err: error instanceof Error ? error.message : String(error) }, 'request failed')
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' })
      res.end()
    }
  }

  function route(req: http.IncomingMessage, res: http.ServerResponse): void {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value)
    if (httpsToBrowsers) res.setHeader('Strict-Transport-Security', HSTS)
    if (closing) res.setHeader('Connection', 'close')
    // Scheme and host are this server's: the Host header is never trusted for anything.
    const url = requestUrl(req.url, 'http://instance.invalid')
    if (!url) return text(res, 400, 'Bad request path.')
    const theirs = req.headers[CONTRACT_VERSION_HEADER]
    const isApi = url.pathname.startsWith(`${INSTANCE_PATHS.api}/`)
    if (theirs !== undefined && theirs !== String(CONTRACT_VERSION)) {
      return (isApi ? sendApiError : sendRpcError)(res, incompatibleVersion(Array.isArray(theirs) ? theirs.join(', ') : theirs))
    }
    // CORS stays closed: no Access-Control-Allow-* is ever sent, and preflights are refused.
    if (req.method === 'OPTIONS') return text(res, 403, 'Cross-origin calls are refused.')
    if (url.pathname === INSTANCE_PATHS.rpc || url.pathname.startsWith(`${INSTANCE_PATHS.rpc}/`)) return handleCall(req, res, 'rpc')
    if (req.method === 'GET' && url.pathname === INSTANCE_PATHS.openApi) return serveDocument(res, (doc) => json(res, 200, doc))
    if (req.method === 'GET' && url.pathname === INSTANCE_PATHS.reference) {
      return void res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' }).end(referencePage())
    }
    if (req.method === 'GET' && isReferenceAsset(url.pathname)) return serveReferenceAsset(url.pathname, res)
    if (isApi) return handleCall(req, res, 'api')
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405).end()
    switch (url.pathname) {
      case INSTANCE_PATHS.version:
        return json(res, 200, version)
      case INSTANCE_PATHS.health:
        return json(res, 200, { status: 'ok' })
      case INSTANCE_PATHS.ready:
        return ready(res)
    }
    serveStatic(options.rendererDir, url.pathname, res)
  }

  function serveDocument(res: http.ServerResponse, send: (doc: OpenApiDocument) => void): void {
    // Generating or rendering may fail: either way this request gets a 500, never an unhandled rejection.
    apiDocument()
      .then(send)
      .catch((error: unknown) => {
        log.error({ err: error instanceof Error ? error.message : String(error) }, 'OpenAPI document failed')
        if (!res.headersSent) text(res, 500, 'The API document could not be generated.')
        else res.end()
      })
  }

  /** Ready while the store answers; a PostgreSQL server that went away fails it until it is back. */
  function ready(res: http.ServerResponse): void {
    services.setup.status().then(
      () => json(res, 200, { status: 'ready' }),
      (error: unknown) => {
        log.error({ err: error instanceof Error ? error.message : String(error) }, 'store not ready')
        json(res, 503, { status: 'unavailable' })
      },
    )
  }

  /** A call of the contract: oRPC's RPC protocol at /rpc (consoles, browsers), plain JSON at /api (scripts, bearer only). */
  function handleCall(req: http.IncomingMessage, res: http.ServerResponse, protocol: 'rpc' | 'api'): void {
    res.setHeader('Cache-Control', 'no-store')
    const refuse = protocol === 'rpc' ? sendRpcError : sendApiError
    if (protocol === 'rpc' && req.method !== 'POST') return text(res, 405, 'Calls are POST requests.')
    const { mode, slot } = requestSessionSlot(req, res, cookie, { bearerOnly: protocol === 'api' })
    const origin = req.headers.origin
    // Cookies ride along with any page's requests: a cookie call must come from the console's own
    // origin (CSRF). A bearer call carries its credential explicitly, but a page elsewhere gets nothing either.
    if (mode === 'cookie' ? origin !== publicOrigin : origin !== undefined && origin !== publicOrigin) {
      return text(res, 403, 'Cross-origin calls are refused.')
    }
    const context = rpcContext(services, slot, `instance:${clientAddress(req, proxies)}`)
    serveCall(req, res, {
      refuse,
      handle: async (body) => {
        const idempotent = await idempotency(req, slot.get(), body, INSTANCE_PATHS[protocol])
        if (idempotent && 'replay' in idempotent) {
          res.writeHead(idempotent.replay.status, { 'Content-Type': 'application/json' }).end(idempotent.replay.body)
          return undefined
        }
        if (idempotent) answers.expect(context, idempotent.finish)
        return protocol === 'rpc'
          ? rpc.handle(req, res, { prefix: INSTANCE_PATHS.rpc, context })
          : api.handle(req, res, { prefix: INSTANCE_PATHS.api, context })
      },
      logFailure: (err) => log.error({ err }, 'call transport failure'),
    })
  }

  /**
   * A mutation with an idempotency key from a signed-in user: its recorded answer, or how to record
   * this one. The call is the user's, in the session's acting tenant; a read's key is ignored.
   */
  async function idempotency(
    req: http.IncomingMessage,
    token: string | null,
    body: unknown,
    prefix: string,
  ): Promise<IdempotentStart | null> {
    const key = req.headers[IDEMPOTENCY_KEY_HEADER]
    if (typeof key !== 'string') return null
    const path = (req.url ?? '').split('?')[0]!
    const operation = path.slice(prefix.length + 1).split('/')
    if (!isMutation(operation) || SECRET_ANSWERS.has(operation.join('.'))) return null
    const actor = await services.auth.resolve(token)
    if (!actor) return null
    return services.idempotency.begin({ userId: actor.userId, tenantId: actor.actingTenantId, path, key }, JSON.stringify(body ?? null))
  }

  const host = options.host ?? '127.0.0.1'
  // Also checked here, not only by the CLI: no caller gets plain HTTP off loopback without saying so.
  if (!secure && !isLoopback(host) && !options.insecureHttp) throw new Error(plainHttpRefusal(host))
  const limits = options.limits ?? defaultConnectionLimits()
  const server = capConnections(
    options.tls
      ? https.createServer({ ...serverTimeouts(limits), cert: options.tls.cert, key: options.tls.key }, onRequest)
      : http.createServer(serverTimeouts(limits), onRequest),
    limits,
  )
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  const url = `${secure ? 'https' : 'http'}://${urlHost(host)}:${port}`
  // The instance's configured public URL (SWITCHBOARD_PUBLIC_URL), if any, is what links already use.
  const configured = services.links.base()
  publicUrl = (options.publicUrl ?? (/^https?:\/\//.test(configured) ? configured : url)).replace(/\/+$/, '')
  publicOrigin = new URL(publicUrl).origin
  services.links.setHostBase(publicUrl)
  httpsToBrowsers = secure || publicUrl.startsWith('https:')
  Object.assign(cookie, httpsToBrowsers ? { name: '__Host-switchboard_session', secure: true } : {})
  if (options.engine) setAuditOrigin(options.engine, { appVersion: version.app, host: publicUrl })
  log.info({ url, publicUrl, tls: secure, insecureHttp: options.insecureHttp ?? false }, 'listening')

  return {
    url,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        closing = true
        const cut = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS)
        cut.unref()
        server.close(() => {
          clearTimeout(cut)
          resolve()
        })
        // Idle keep-alive connections go now; busy ones once their answer is sent.
        server.closeIdleConnections()
      }),
  }
}

import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { newHandlerOptions } from '../rpc/errors'
import { rpcContext } from '../rpc/router'
import { httpRpcHandler } from '../rpc/rpc-handler'
import { createConsoleRouters } from '../remote/console-router'
import type { Connections } from '../remote/connections.service'
import { PAGE_CONNECTION_HEADER } from '../../shared/ipc'
import type { Services } from '../services'
import { newToken, secretsEqual } from '../security/tokens'
import { parseCookies, serializeCookie } from './cookies'
import { capConnections, defaultConnectionLimits, serverTimeouts, type ConnectionLimits } from './connection-limits'
import { serveCall } from './serve-call'
import { requestUrl } from './request-url'
import { sendRpcError } from './rpc-error'
import { SECURITY_HEADERS } from './security-headers'
import { serveStatic } from './static-files'

interface ShellServerOptions {
  services: Services
  /** The renderer build (`out/renderer`). */
  rendererDir: string
  /** 0 or absent: a free port chosen by the OS. */
  port?: number
  /** Per-run secret; generated when absent. */
  secret?: string
  /** The console's connections (local store, remote instances); the local store only when absent. */
  connections?: Connections
  /** Timeouts and the connection cap; the defaults when absent. */
  limits?: ConnectionLimits
}

export interface ShellServer {
  /** The link to open: carries the per-run secret once, then a cookie holds it. */
  url: string
  origin: string
  port: number
  close(): Promise<void>
}

const LOCKED_PAGE = `<!doctype html><meta charset="utf-8"><title>Switchboard</title>
<body style="font-family:system-ui;margin:3rem;max-width:40rem">
<h1>This console is locked</h1>
<p>Open the link that <code>switchboard start</code> printed in your terminal. It carries a secret for this run,
so that other pages and programs on this computer cannot use your console.</p></body>`

/**
 * The browser shell: the same handlers as the desktop app, behind an HTTP server bound to
 * 127.0.0.1. Requests must carry the per-run secret (cookie set from the printed link),
 * the exact Host, and for RPC the exact Origin, so other local pages cannot call it.
 */
export async function startShellServer(options: ShellServerOptions): Promise<ShellServer> {
  const secret = options.secret ?? newToken()
  const routers = createConsoleRouters(options.services, options.connections)
  const handlers = { local: httpRpcHandler(routers.local, newHandlerOptions()), relay: httpRpcHandler(routers.relay, newHandlerOptions()) }
  let port = 0
  const cookieNames = () => ({ shell: `sb_shell_${port}`, session: `sb_session_${port}` })

  const limits = options.limits ?? defaultConnectionLimits()
  const server = http.createServer(serverTimeouts(limits), (req, res) => {
    try {
      route(req, res)
    } catch (error) {
      // A request must never take the console down; answer it and go on.
      console.error('[switchboard] request failed:', error instanceof Error ? error.message : String(error))
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' })
      res.end()
    }
  })
  capConnections(server, limits)

  function route(req: http.IncomingMessage, res: http.ServerResponse): void {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value)
    // Refusing other Host names defeats DNS rebinding onto this port. `localhost` is loopback too (browsers
    // resolve it themselves, no DNS answer can point it elsewhere), and the one name passkeys accept: WebAuthn
    // takes no IP address as a relying party (see factors/relying-party.ts).
    const host = req.headers.host
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      res.writeHead(421, { 'Content-Type': 'text/plain' }).end('Use http://127.0.0.1 as printed by switchboard start.')
      return
    }
    // Calls must come from the page at the address the browser shows (each keeps its own cookies).
    const origin = `http://${host}`
    const url = requestUrl(req.url, origin)
    if (!url) {
      res.writeHead(400, { 'Content-Type': 'text/plain' }).end('Bad request path.')
      return
    }
    const names = cookieNames()
    const cookies = parseCookies(req.headers.cookie)

    const key = url.searchParams.get('k')
    if (key !== null) {
      if (!secretsEqual(key, secret)) {
        res.writeHead(403, { 'Content-Type': 'text/html; charset=utf-8' }).end(LOCKED_PAGE)
        return
      }
      url.searchParams.delete('k')
      res.writeHead(303, {
        'Set-Cookie': serializeCookie(names.shell, secret),
        Location: `/${url.pathname.replace(/^\/+/, '')}${url.search}`,
      })
      res.end()
      return
    }
    const shellCookie = cookies.get(names.shell)
    if (!shellCookie || !secretsEqual(shellCookie, secret)) {
      res.writeHead(403, { 'Content-Type': 'text/html; charset=utf-8' }).end(LOCKED_PAGE)
      return
    }

    if (url.pathname.startsWith('/rpc/')) {
      if (req.method !== 'POST' || req.headers.origin !== origin) {
        res.writeHead(403, { 'Content-Type': 'text/plain' }).end('Cross-origin calls are refused.')
        return
      }
      res.setHeader('Cache-Control', 'no-store')
      const page = req.headers[PAGE_CONNECTION_HEADER]
      const stale = routers.refusal(typeof page === 'string' ? page : undefined, url.pathname.slice('/rpc/'.length).replaceAll('/', '.'))
      if (stale) return sendRpcError(res, stale)
      const context = rpcContext(
        options.services,
        {
          get: () => cookies.get(names.session) ?? null,
          set: (token) => {
            cookies.delete(names.session)
            if (token) cookies.set(names.session, token)
            res.setHeader('Set-Cookie', serializeCookie(names.session, token))
          },
        },
        // Loopback only, and every caller already holds this run's secret: one client.
        'browser-shell',
      )
      serveCall(req, res, {
        refuse: sendRpcError,
        handle: () => routers.pick(handlers).handle(req, res, { prefix: '/rpc', context }),
        logFailure: (message) => console.error('[switchboard] rpc transport failure:', message),
      })
      return
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end()
      return
    }
    serveStatic(options.rendererDir, url.pathname, res)
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  port = (server.address() as AddressInfo).port
  const origin = `http://127.0.0.1:${port}`
  options.services.links.setHostBase(origin)
  return {
    url: `${origin}/?k=${secret}`,
    origin,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

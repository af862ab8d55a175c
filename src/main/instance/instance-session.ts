import type http from 'node:http'
import { AUTHORIZATION_HEADER, SESSION_MODE_HEADER, SESSION_TOKEN_HEADER } from '../remote/protocol'
import type { SessionSlot } from '../rpc/context'
import { parseCookies, serializeCookie } from '../http/cookies'

/** How a request carries its session: a bearer token (consoles, scripts) or a cookie (browsers). */
export type SessionMode = 'bearer' | 'cookie'

/** The token of `Authorization: Bearer <token>`, or null. */
export function bearerToken(req: http.IncomingMessage): string | null {
  const header = req.headers[AUTHORIZATION_HEADER]
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null
  return match?.[1] ?? null
}

/** Bearer when the caller says so or sends a bearer token; then cookies are ignored altogether. */
export function sessionModeOf(req: http.IncomingMessage): SessionMode {
  return req.headers[SESSION_MODE_HEADER] === 'bearer' || req.headers[AUTHORIZATION_HEADER] !== undefined ? 'bearer' : 'cookie'
}

/**
 * The session slot of one request. In bearer mode a call that opens a session answers the new token
 * in SESSION_TOKEN_HEADER (never in the body, never in a cookie); signing out leaves the header out,
 * the revoked row in the store is what ends the session. In cookie mode the token lives in an
 * HttpOnly, SameSite=Strict cookie (Secure under TLS) that page scripts cannot read.
 */
export function requestSessionSlot(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  cookie: { name: string; secure: boolean },
  options: { bearerOnly?: boolean } = {},
): { mode: SessionMode; slot: SessionSlot } {
  if (options.bearerOnly || sessionModeOf(req) === 'bearer') {
    let token = bearerToken(req)
    return {
      mode: 'bearer',
      slot: {
        get: () => token,
        set: (next) => {
          token = next
          if (next) res.setHeader(SESSION_TOKEN_HEADER, next)
          else res.removeHeader(SESSION_TOKEN_HEADER)
        },
      },
    }
  }
  const cookies = parseCookies(req.headers.cookie)
  return {
    mode: 'cookie',
    slot: {
      get: () => cookies.get(cookie.name) ?? null,
      set: (next) => {
        cookies.delete(cookie.name)
        if (next) cookies.set(cookie.name, next)
        res.setHeader('Set-Cookie', serializeCookie(cookie.name, next, { secure: cookie.secure }))
      },
    },
  }
}

import fs from 'node:fs'
import type http from 'node:http'

/** What every HTTP server of the product allows a connection, so that slow clients cannot hold it. */
export interface ConnectionLimits {
  /** A connection that has not sent its whole request head by then is closed (408). */
  headersTimeoutMs: number
  /** A request (head and body) not received whole by then is cut (408), however it trickles. */
  requestTimeoutMs: number
  /** Open connections at once; more are closed on arrival. */
  maxConnections: number
}

export const DEFAULT_HEADERS_TIMEOUT_MS = 15_000
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000
/** Descriptors left for the store, logs, mail and files when the rest go to connections. */
const RESERVED_DESCRIPTORS = 256
const MAX_DEFAULT_CONNECTIONS = 10_000

/** The process's open-file limit, where the system says it (Linux); Node raised it to the hard limit at start. */
function descriptorLimit(): number | null {
  try {
    const line = /^Max open files\s+(\d+)/m.exec(fs.readFileSync('/proc/self/limits', 'utf8'))
    return line ? Number(line[1]) : null
  } catch {
    return null
  }
}

/** The default cap: what the descriptor limit leaves after a reserve, at least 64, at most 10,000; 1,000 where the limit is unknown. */
export function defaultMaxConnections(limit = descriptorLimit()): number {
  if (limit === null) return 1_000
  return Math.max(64, Math.min(MAX_DEFAULT_CONNECTIONS, limit - RESERVED_DESCRIPTORS))
}

export const defaultConnectionLimits = (): ConnectionLimits => ({
  headersTimeoutMs: DEFAULT_HEADERS_TIMEOUT_MS,
  requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS,
  maxConnections: defaultMaxConnections(),
})

/**
 * The options `http(s).createServer` takes for these limits. Node checks the timeouts every
 * `connectionsCheckingInterval` (30 s by default, which let a connection live 75–80 s): here a
 * third of the shorter timeout, so a slow connection is closed at most a third late.
 */
export function serverTimeouts(limits: ConnectionLimits): http.ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    connectionsCheckingInterval: Math.max(100, Math.round(Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 3)),
  }
}

/** Applies the connection cap to a server made with `serverTimeouts`. */
export function capConnections<S extends http.Server>(server: S, limits: ConnectionLimits): S {
  server.maxConnections = limits.maxConnections
  return server
}

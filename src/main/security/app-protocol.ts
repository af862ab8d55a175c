import { CONTENT_SECURITY_POLICY_HEADER } from './csp'
import { bundleContentType, resolveBundlePath, type PathApi } from './bundle-path'

/**
 * The desktop window loads the console from app://switchboard/ rather than file://: a
 * file:// page may read other local files and shares one origin with every file on disk,
 * while this scheme has its own origin and answers only with files of the renderer bundle.
 */
export const APP_SCHEME = 'app'
export const APP_HOST = 'switchboard'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

/**
 * Registered before the app is ready. `standard` gives the scheme a real origin (so 'self',
 * relative URLs and storage work) and `secure` makes it a secure context like https.
 * `supportFetchAPI` lets the page load its own module scripts. Deliberately absent:
 * `corsEnabled` (it would let other origins read the bundle), `bypassCSP`,
 * `allowServiceWorkers` and `stream`.
 */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  codeCache: true,
} as const

export type AppProtocolAnswer =
  { status: 200; file: string; headers: Record<string, string> } | { status: 404 | 405; headers: Record<string, string> }

const TEXT = { 'Content-Type': 'text/plain; charset=utf-8' }

/**
 * What the app:// handler answers for a request, before touching the disk: a file inside
 * the bundle, or 404 for another host, a path leaving the bundle or a malformed URL, and
 * 405 for anything but GET/HEAD. A file that turns out to be missing is a 404 too (the glue).
 */
export function appProtocolAnswer(rendererDir: string, method: string, requestUrl: string, pathApi?: PathApi): AppProtocolAnswer {
  if (method !== 'GET' && method !== 'HEAD') return { status: 405, headers: TEXT }
  let url: URL
  try {
    url = new URL(requestUrl)
  } catch {
    return { status: 404, headers: TEXT }
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username || url.password) return { status: 404, headers: TEXT }
  const resolved = resolveBundlePath(rendererDir, url.pathname, pathApi)
  if (!('file' in resolved)) return { status: 404, headers: TEXT }
  const { file } = resolved
  return {
    status: 200,
    file,
    headers: {
      'Content-Type': bundleContentType(file),
      'Content-Security-Policy': CONTENT_SECURITY_POLICY_HEADER,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
    },
  }
}

/**
 * Web permissions the console's own page may use. Electron grants every permission when
 * no handler is set; we set both handlers and deny everything else. Only writing plain
 * text to the clipboard is allowed (copying a link or an id); no camera, microphone,
 * location, notifications, devices, clipboard reading, external protocols or fullscreen.
 */
export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write'])

export interface PermissionQuery {
  permission: string
  /** The URL (request handler) or origin (check handler) asking. */
  requestingUrl: string | undefined
  /** False for a frame inside the page. Unknown counts as a subframe. */
  isMainFrame: boolean | undefined
}

function sameApp(requesting: string | undefined, appUrl: string): boolean {
  if (!requesting) return false
  try {
    const from = new URL(requesting)
    const app = new URL(appUrl)
    if (app.protocol === 'file:') return false
    // Scheme and host rather than URL#origin, which is "null" for custom schemes like app://.
    return from.protocol === app.protocol && from.host === app.host && !from.username && !from.password
  } catch {
    return false
  }
}

/** The decision both Electron permission handlers (request and check) return. */
export function isPermissionGranted(query: PermissionQuery, appUrl: string): boolean {
  return GRANTED_PERMISSIONS.has(query.permission) && query.isMainFrame === true && sameApp(query.requestingUrl, appUrl)
}

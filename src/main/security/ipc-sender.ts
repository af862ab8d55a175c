/** The parts of Electron's WebFrameMain the check needs (kept plain so it runs under Node). */
export interface SenderFrame {
  url: string
  parent: unknown
}

/**
 * Whether an IPC message comes from our own renderer: the top-level frame of the window,
 * showing the app's own page (app://switchboard, the dev server's origin, or a bundled file). Anything
 * else — an iframe, a page the window was navigated to, a missing frame — is refused.
 */
export function isTrustedSender(frame: SenderFrame | null | undefined, appUrl: string): boolean {
  if (!frame || frame.parent !== null) return false
  let from: URL
  let app: URL
  try {
    from = new URL(frame.url)
    app = new URL(appUrl)
  } catch {
    return false
  }
  if (app.protocol === 'file:') return from.protocol === 'file:' && from.pathname === app.pathname
  // Scheme and host, not URL#origin: for a custom scheme such as app:// Node's URL reports
  // the opaque origin "null", which would make every app:// host look alike.
  return from.protocol === app.protocol && from.host === app.host && !from.username && !from.password
}

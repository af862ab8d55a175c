/** The parts of Electron's WebFrameMain the check needs (kept plain so it runs under Node). */
export interface SenderFrame {
  url: string
  parent: unknown
}

/**
 * Whether an IPC message comes from our own renderer: the top-level frame of the window,
 * showing the app's own page (the bundled file, or the dev server's origin). Anything
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
  return from.origin === app.origin
}

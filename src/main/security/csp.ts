/**
 * The console's Content Security Policy: nothing by default, then only what the renderer
 * uses. Scripts and styles come from the bundle (Mantine sets inline styles, hence
 * 'unsafe-inline' for styles only); images from the bundle or data: URLs (Mantine's icons);
 * fetches only to its own origin (the browser shell's /rpc; the desktop app talks over a
 * MessagePort, which CSP does not govern). No frames, objects, workers, fonts or media.
 * index.html carries the same policy in a meta tag (a test keeps the two equal), so it holds
 * for the dev server and the app:// handler as well as the browser shell.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ')

/** As a response header the policy can also refuse framing (a meta tag cannot). */
export const CONTENT_SECURITY_POLICY_HEADER = `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`

/** The directives of a policy string, for tests and reviews. */
export function cspDirectives(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>()
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/)
    if (name) directives.set(name, values)
  }
  return directives
}

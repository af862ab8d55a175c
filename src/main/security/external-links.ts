/**
 * Which web pages the desktop app hands to the user's browser (shell.openExternal).
 * Only https, only a reviewed list of origins, and never a URL carrying credentials:
 * openExternal passes the URL to the operating system, which would happily run a
 * `file:`, `javascript:` or custom-protocol URL.
 */

/** Reviewed hosts; placeholders until the product's public sites exist (kept in .invalid). */
export const HELP_ORIGIN = 'https://help.switchboard.invalid'
export const LICENCE_VENDOR_ORIGIN = 'https://licensing.switchboard.invalid'

/**
 * The origins links may open: help, the licence vendor, and the instance the console is
 * connected to (its public URL when it is https). Remote connections add theirs here.
 */
export function allowedExternalOrigins(options: { instanceUrl?: string } = {}): ReadonlySet<string> {
  const origins = new Set([HELP_ORIGIN, LICENCE_VENDOR_ORIGIN])
  const instance = httpsOrigin(options.instanceUrl)
  if (instance) origins.add(instance)
  return origins
}

function httpsOrigin(value: string | undefined): string | null {
  if (!value) return null
  try {
    const url = new URL(value)
    return url.protocol === 'https:' && !url.username && !url.password ? url.origin : null
  } catch {
    return null
  }
}

/** Whether a link may be opened in the user's browser. */
export function isAllowedExternalUrl(link: string, allowed: ReadonlySet<string>): boolean {
  let url: URL
  try {
    url = new URL(link)
  } catch {
    return false
  }
  if (url.protocol !== 'https:' || url.username || url.password) return false
  // URL#origin is normalised (lower case, punycode, default port dropped), so a look-alike
  // such as help.switchboard.invalid.attacker.test or a trailing dot never matches.
  return allowed.has(url.origin)
}

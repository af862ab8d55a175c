export const DEEP_LINK_SCHEME = 'switchboard'

const ROUTE = /^#\/(register|reset-password)\/[A-Za-z0-9_-]{43}$/

/**
 * The in-app route a `switchboard://` link opens, e.g. `switchboard://app/#/register/<token>`
 * → `#/register/<token>`. Only the email-link routes are accepted; anything else is ignored.
 */
export function deepLinkRoute(link: string): string | null {
  let url: URL
  try {
    url = new URL(link)
  } catch {
    return null
  }
  if (url.protocol !== `${DEEP_LINK_SCHEME}:`) return null
  return ROUTE.test(url.hash) ? url.hash : null
}

/** The first `switchboard://` argument on a command line (Windows and Linux pass links this way). */
export function deepLinkFromArgv(argv: readonly string[]): string | null {
  for (const arg of argv) {
    const route = deepLinkRoute(arg)
    if (route) return route
  }
  return null
}

/** The request target as a URL of this server; null for anything but an origin-form path. */
export function requestUrl(target: string | undefined, origin: string): URL | null {
  if (!target?.startsWith('/')) return null
  try {
    // Concatenated, not resolved: "//x" is a path here, not another host.
    const url = new URL(origin + target)
    return url.origin === origin ? url : null
  } catch {
    return null
  }
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const jar = new Map<string, string>()
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq <= 0) continue
    const name = part.slice(0, eq).trim()
    const value = part.slice(eq + 1).trim()
    if (!name) continue
    try {
      jar.set(name, decodeURIComponent(value))
    } catch {
      // A malformed value (e.g. %E0) is someone else's cookie or a forgery: ignore it.
    }
  }
  return jar
}

/** HttpOnly, SameSite=Strict, whole-site cookie (Secure when served over TLS); `null` clears it. */
export function serializeCookie(name: string, value: string | null, options: { secure?: boolean } = {}): string {
  const base = `${name}=${value === null ? '' : encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Strict${options.secure ? '; Secure' : ''}`
  return value === null ? `${base}; Max-Age=0` : base
}

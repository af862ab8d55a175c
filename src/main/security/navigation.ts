/** In-app navigation only changes the hash; anything else (another file, host or query) is refused. */
export function isSameAppPage(target: string, app: string): boolean {
  try {
    const a = new URL(target)
    const b = new URL(app)
    a.hash = ''
    b.hash = ''
    return a.href === b.href
  } catch {
    return false
  }
}

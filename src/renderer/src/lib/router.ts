import { useSyncExternalStore } from 'react'

/**
 * Hash routes (`#/admin/users`): they work the same from file:// in the desktop app and
 * over HTTP in the browser shell, and email links can carry tokens in the fragment.
 */
function current(): string {
  const path = window.location.hash.replace(/^#/, '')
  return path.startsWith('/') ? path : '/'
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange)
  return () => window.removeEventListener('hashchange', onChange)
}

export function usePath(): string {
  return useSyncExternalStore(subscribe, current)
}

export function navigate(path: string): void {
  window.location.hash = path
}

export function href(path: string): string {
  return `#${path}`
}

/** `/admin/users/:id` against `/admin/users/42` → `{ id: '42' }`, or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/')
  const got = path.split('?')[0]!.split('/')
  if (want.length !== got.length) return null
  const params: Record<string, string> = {}
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!
    if (w.startsWith(':')) params[w.slice(1)] = decodeURIComponent(got[i]!)
    else if (w !== got[i]) return null
  }
  return params
}

import path from 'node:path'

/** The parts of node:path the resolver uses, so tests can run it with Windows rules too. */
export type PathApi = Pick<typeof path, 'resolve' | 'sep' | 'join'>

/** A file inside the bundle, or why the path is refused: undecodable, or leaving the bundle. */
export type BundlePath = { file: string } | { refused: 'malformed' | 'outside' }

/**
 * The file of the renderer bundle a URL path names, or a refusal when the path must not be
 * served: undecodable (malformed), or (outside) a NUL byte, a backslash (a separator on Windows), or any `..`
 * segment once decoded (`/..%2f..%2fetc/passwd`). A refused path is refused outright rather
 * than normalised into the bundle, so a traversal attempt never gets a 200.
 * Pure: it does not touch the disk; both the browser shell and the app:// handler use it.
 */
export function resolveBundlePath(rootDir: string, urlPath: string, pathApi: PathApi = path): BundlePath {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return { refused: 'malformed' }
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { refused: 'outside' }
  const segments = decoded.split('/').filter((segment) => segment !== '' && segment !== '.')
  if (segments.some((segment) => segment === '..' || /^[A-Za-z]:/.test(segment))) return { refused: 'outside' }
  const root = pathApi.resolve(rootDir)
  const file = segments.length === 0 ? pathApi.join(root, 'index.html') : pathApi.resolve(root, ...segments)
  // Belt and braces: whatever the segments were, the result must sit inside the root.
  return file.startsWith(root + pathApi.sep) ? { file } : { refused: 'outside' }
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
}

/** The Content-Type for a bundle file; unknown kinds are served as opaque bytes. */
export function bundleContentType(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream'
}

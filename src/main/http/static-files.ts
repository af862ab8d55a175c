import fs from 'node:fs'
import path from 'node:path'
import type { ServerResponse } from 'node:http'
import { bundleContentType, resolveBundlePath } from '../security/bundle-path'

/**
 * A build output whose name carries its content hash (`assets/index-C0l1uLZf.js`): a new build names
 * changed content anew, so such a file never changes under its name and may be cached for a year.
 * Everything else (index.html above all, which names the current assets) is revalidated each time.
 */
export function isHashedAsset(relativePath: string): boolean {
  return /^assets[\\/][^\\/]+-[A-Za-z0-9_-]{8}\.[a-z0-9]+$/.test(relativePath)
}

/**
 * Serves a file of the renderer build. An undecodable path answers 400, one that tries to
 * leave the bundle 404;
 * other paths that are not files fall back to index.html so that client-side routes
 * (e.g. a registration link) load the app.
 */
export function serveStatic(rootDir: string, urlPath: string, res: ServerResponse): void {
  const root = path.resolve(rootDir)
  const resolved = resolveBundlePath(root, urlPath)
  if ('refused' in resolved) {
    const status = resolved.refused === 'malformed' ? 400 : 404
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(status === 400 ? 'Bad path' : 'Not found')
    return
  }
  const candidate = resolved.file
  const isFile = fs.existsSync(candidate) && fs.statSync(candidate).isFile()
  const file = isFile ? candidate : path.join(root, 'index.html')
  if (!fs.existsSync(file)) {
    res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' })
    res.end(`The console's web files are missing from ${root}. Run "npm run build" and start again.`)
    return
  }
  const immutable = isFile && isHashedAsset(path.relative(root, file))
  res.writeHead(200, {
    'Content-Type': bundleContentType(file),
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  })
  fs.createReadStream(file).pipe(res)
}

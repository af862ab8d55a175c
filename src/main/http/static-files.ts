import fs from 'node:fs'
import path from 'node:path'
import type { ServerResponse } from 'node:http'

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

/**
 * Serves a file of the renderer build. Paths that are not files fall back to index.html
 * so that client-side routes (e.g. a registration link) load the app.
 */
export function serveStatic(rootDir: string, urlPath: string, res: ServerResponse): void {
  const root = path.resolve(rootDir)
  let rel: string
  try {
    rel = decodeURIComponent(urlPath)
  } catch {
    res.writeHead(400).end('Bad path')
    return
  }
  const candidate = path.resolve(root, `.${path.posix.normalize(`/${rel}`)}`)
  const inside = candidate === root || candidate.startsWith(root + path.sep)
  const isFile = inside && fs.existsSync(candidate) && fs.statSync(candidate).isFile()
  const file = isFile ? candidate : path.join(root, 'index.html')
  if (!fs.existsSync(file)) {
    res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' })
    res.end(`The console's web files are missing from ${root}. Run "npm run build" and start again.`)
    return
  }
  const type = TYPES[path.extname(file)] ?? 'application/octet-stream'
  const immutable = isFile && file.includes(`${path.sep}assets${path.sep}`)
  res.writeHead(200, { 'Content-Type': type, 'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache' })
  fs.createReadStream(file).pipe(res)
}

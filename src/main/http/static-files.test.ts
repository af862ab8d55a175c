import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveStatic } from './static-files'

let server: http.Server
let base: string
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-static-'))
// A file beside the bundle that a traversal would try to reach.
const secret = path.join(path.dirname(root), `${path.basename(root)}-secret.txt`)

beforeAll(async () => {
  fs.mkdirSync(path.join(root, 'assets'))
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Switchboard</title>')
  fs.writeFileSync(path.join(root, 'assets', 'a.js'), 'export {}')
  fs.writeFileSync(path.join(root, 'assets', 'users.page-C0euN_cX.js'), 'export {}')
  fs.writeFileSync(path.join(root, 'assets', 'index-MQFU6MGH.css'), 'body {}')
  fs.writeFileSync(secret, 'secret')
  // The raw request target, as the shell server passes it (no URL normalisation in between).
  server = http.createServer((req, res) => serveStatic(root, req.url ?? '/', res))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(() => {
  server.close()
  fs.rmSync(root, { recursive: true, force: true })
  fs.rmSync(secret, { force: true })
})

describe('the browser shell static files', () => {
  it('serves bundle files, and index.html for client-side routes', async () => {
    const asset = await fetch(`${base}/assets/a.js`)
    expect(asset.status).toBe(200)
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    const route = await fetch(`${base}/register/abc`)
    expect(await route.text()).toContain('<title>Switchboard</title>')
  })

  it('lets browsers keep content-hashed assets for a year, and revalidate index.html and anything unhashed', async () => {
    for (const file of ['users.page-C0euN_cX.js', 'index-MQFU6MGH.css']) {
      const hashed = await fetch(`${base}/assets/${file}`)
      expect(hashed.status).toBe(200)
      expect(hashed.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    }
    for (const url of ['/', '/index.html', '/register/abc', '/assets/a.js', '/assets/missing-C0euN_cX.js']) {
      const res = await fetch(`${base}${url}`)
      expect(res.status, url).toBe(200)
      expect(res.headers.get('cache-control'), url).toBe('no-cache')
    }
  })

  it('answers 404 to an encoded traversal and 400 to an undecodable path', async () => {
    const traversal = await fetch(`${base}/..%2f${path.basename(secret)}`)
    expect(traversal.status).toBe(404)
    expect(await traversal.text()).not.toContain('secret')
    expect((await fetch(`${base}/assets/..%2f..%2f${path.basename(secret)}`)).status).toBe(404)
    expect((await fetch(`${base}/%E0`)).status).toBe(400)
  })
})

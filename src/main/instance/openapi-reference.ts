import fs from 'node:fs'
import type { ServerResponse } from 'node:http'
import { createRequire } from 'node:module'
import { INSTANCE_PATHS } from '../remote/protocol'

const requireHere = createRequire(import.meta.url)

/**
 * The reference at /api/docs is Redoc (maintained by Redocly), its standalone bundle served from
 * node_modules by the instance itself: no CDN, no network, and nothing the CSP has to make room
 * for (one same-origin script, styles it injects, the document fetched from this origin).
 * Redoc 2.x because Redoc 3 needs Node 22, and the instance runs on Node 20.
 */
const ASSETS: Record<string, { module: string; type: string }> = {
  [`${INSTANCE_PATHS.reference}/redoc.standalone.js`]: {
    module: 'redoc/bundles/redoc.standalone.js',
    type: 'text/javascript; charset=utf-8',
  },
  // Redoc's bundle names this file for its licence notices; it is served beside it.
  [`${INSTANCE_PATHS.reference}/redoc.standalone.js.LICENSE.txt`]: {
    module: 'redoc/bundles/redoc.standalone.js.LICENSE.txt',
    type: 'text/plain; charset=utf-8',
  },
}

export const REFERENCE_SCRIPT = `${INSTANCE_PATHS.reference}/redoc.standalone.js`

export const isReferenceAsset = (pathname: string) => pathname in ASSETS

/**
 * Redoc's sidebar footer shows Redocly's logo from their CDN, with no option to turn it off: the
 * CSP would refuse it (and report a violation on every visit), so the served copy points it at an
 * empty data: URL instead; the image's own error handler then hides it. Nothing else is changed.
 */
const EXTERNAL_LOGO = 'https://cdn.redoc.ly/redoc/logo-mini.svg'
const served = new Map<string, Buffer>()

function assetBytes(module: string): Buffer {
  let bytes = served.get(module)
  if (!bytes) {
    const text = fs.readFileSync(requireHere.resolve(module), 'utf8')
    bytes = Buffer.from(text.split(EXTERNAL_LOGO).join('data:,'))
    served.set(module, bytes)
  }
  return bytes
}

/** One of the renderer's files, from the installed package (its version moves with package-lock.json). */
export function serveReferenceAsset(pathname: string, res: ServerResponse): void {
  const asset = ASSETS[pathname]!
  const bytes = assetBytes(asset.module)
  res.writeHead(200, { 'Content-Type': asset.type, 'Cache-Control': 'no-cache', 'Content-Length': bytes.length }).end(bytes)
}

/**
 * The page: Redoc reads its options from the element's attributes and starts itself when the
 * script loads, so the page needs no inline script. Search is off: Redoc runs it in a blob: worker,
 * which the CSP (rightly) refuses.
 */
export function referencePage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Switchboard instance API</title></head><body>
<noscript>This reference needs JavaScript. The document itself: <a href="${INSTANCE_PATHS.openApi}">openapi.json</a>.</noscript>
<redoc spec-url="${INSTANCE_PATHS.openApi}" disable-search="true" required-props-first="true" expand-responses="200"></redoc>
<script src="${REFERENCE_SCRIPT}"></script>
</body></html>`
}

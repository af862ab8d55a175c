import path from 'node:path'

/** The document as last released: scripts written against it must keep working until CONTRACT_VERSION is raised. */
export const RELEASED_DOCUMENT = path.resolve(import.meta.dirname, 'openapi.released.json')

export const ACCEPT_BREAK = `If the break is deliberate:
  1. raise CONTRACT_VERSION in src/shared/contract/version.ts (consoles and scripts of the old version are then refused, by name), and
  2. record the new document as released: npx tsx tools/release-openapi.ts
and say what broke in the release notes. Otherwise, keep the old field or operation (add, don't change).`

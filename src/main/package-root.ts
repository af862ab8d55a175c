import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The package root: the nearest folder above this module holding Switchboard's
 * package.json. Works from the sources, the bundle (and its chunks) and an asar archive.
 */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const manifest = path.join(dir, 'package.json')
    if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === 'switchboard') return dir
    const parent = path.dirname(dir)
    if (parent === dir) throw new Error('Cannot find the Switchboard package folder above ' + fileURLToPath(import.meta.url))
    dir = parent
  }
}

/** This program's version, as package.json states it (recorded on every audit row). */
export function appVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version
}

export function defaultMigrationsFolder(): string {
  return path.join(packageRoot(), 'drizzle')
}

/** drizzle-kit's PostgreSQL migrations (issue 19), beside the SQLite ones. */
export function defaultPgMigrationsFolder(): string {
  return path.join(packageRoot(), 'drizzle', 'pg')
}

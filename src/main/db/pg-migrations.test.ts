import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../tests/support/temp-backend'
import { defaultPgMigrationsFolder, packageRoot } from '../package-root'

/**
 * drizzle/pg is what drizzle-kit makes of schema.pg.ts: a change to the schema without its migration
 * would type queries against columns no database has (schema-parity.test.ts compares the databases
 * the migrations make, so it cannot see this). drizzle-kit runs on a copy; the folder is not touched.
 */
describe('PostgreSQL migrations (drizzle/pg)', () => {
  it('are up to date with src/main/db/schema.pg.ts', () => {
    const copy = tempDir()
    fs.cpSync(defaultPgMigrationsFolder(), copy, { recursive: true })
    const root = packageRoot()
    const result = spawnSync(
      process.execPath,
      // drizzle-kit joins "./" and --out, so it is given relative to the working directory.
      [
        'node_modules/drizzle-kit/bin.cjs',
        'generate',
        '--dialect',
        'postgresql',
        '--schema',
        'src/main/db/schema.pg.ts',
        '--out',
        path.relative(root, copy),
      ],
      { cwd: root, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } },
    )
    const output = `${result.stdout}${result.stderr}`
    expect(output).toMatch(/No schema changes, nothing to migrate/)
    expect(fs.readdirSync(copy).sort()).toEqual(fs.readdirSync(defaultPgMigrationsFolder()).sort())
  })
})

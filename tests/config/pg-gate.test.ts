import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { findPgBinaries } from '../support/pg-cluster'
import { tempDir } from '../support/temp-backend'

const root = path.resolve(import.meta.dirname, '..', '..')

/** A folder holding files named as PostgreSQL's server programs (only their presence is looked at). */
function binFolder(names = ['initdb', 'pg_ctl', 'postgres']): string {
  const dir = tempDir()
  for (const name of names) fs.writeFileSync(path.join(dir, name), '', { mode: 0o755 })
  return dir
}

/** vitest as a contributor runs it, outside this run (none of its variables), with `extra`. */
function vitest(file: string, extra: NodeJS.ProcessEnv) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(VITEST|SWITCHBOARD_|TEST_)/.test(key) && key !== 'NODE_OPTIONS'),
  )
  const result = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', file], {
    cwd: root,
    env: { ...env, NO_COLOR: '1', ...extra },
    encoding: 'utf8',
    timeout: 180_000,
  })
  return { status: result.status, output: `${result.stdout}${result.stderr}` }
}

describe('the PostgreSQL suites and the machine they run on', () => {
  it("finds the server programs in Debian's per-version folders, newest first, or says what is missing", () => {
    const debian = tempDir()
    expect(findPgBinaries({ PATH: tempDir() }, debian)).toEqual({
      missing: 'PostgreSQL server binaries (initdb, pg_ctl, postgres) not installed (apt-get install postgresql)',
    })
    for (const version of ['13', '15']) {
      fs.mkdirSync(path.join(debian, version))
      fs.renameSync(binFolder(), path.join(debian, version, 'bin'))
    }
    expect(findPgBinaries({ PATH: tempDir() }, debian)).toEqual({ bin: path.join(debian, '15', 'bin') })
    const onPath = binFolder()
    expect(findPgBinaries({ PATH: onPath }, tempDir())).toEqual({ bin: onPath })
    // A client-only install (psql, no server) is not enough.
    expect(findPgBinaries({ PATH: binFolder(['psql', 'pg_ctl']) }, tempDir())).toHaveProperty('missing')
  })

  it('looks only in SWITCHBOARD_PG_BIN when it is set, and names it when the programs are not there', () => {
    const chosen = binFolder()
    expect(findPgBinaries({ SWITCHBOARD_PG_BIN: chosen, PATH: binFolder() })).toEqual({ bin: chosen })
    expect(findPgBinaries({ SWITCHBOARD_PG_BIN: '/nowhere' })).toEqual({
      missing: 'PostgreSQL server binaries (initdb, pg_ctl, postgres) not found in /nowhere (SWITCHBOARD_PG_BIN)',
    })
  })

  it('skips the PostgreSQL suites with one line where PostgreSQL is missing, and the run still passes', () => {
    const { status, output } = vitest('src/main/db/pg-store.test.ts', { SWITCHBOARD_PG_BIN: '/nowhere' })
    expect(output.match(/^\[postgresql\].*$/gm)).toEqual([
      '[postgresql] suites skipped: PostgreSQL server binaries (initdb, pg_ctl, postgres) not found in /nowhere (SWITCHBOARD_PG_BIN)',
    ])
    expect(output).toMatch(/Tests\s+\d+ skipped/)
    expect(status).toBe(0)
  })

  it('fails the run instead where PostgreSQL is required (SWITCHBOARD_REQUIRE_POSTGRES=1, as .ci/run sets)', () => {
    const { status, output } = vitest('src/main/db/pg-store.test.ts', { SWITCHBOARD_PG_BIN: '/nowhere', SWITCHBOARD_REQUIRE_POSTGRES: '1' })
    expect(output).toMatch(/\[postgresql\] required but PostgreSQL server binaries .* not found in \/nowhere/)
    expect(status).not.toBe(0)
  })
})

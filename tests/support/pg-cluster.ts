import { execFile, execFileSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

/**
 * A real, throwaway PostgreSQL cluster for the tests (issue 19): `initdb` in a temporary folder,
 * trust authentication for its own superuser `sb`, listening on loopback only, a socket in that
 * folder. Never a mock. One per test run (tests/support/vitest-setup.ts), stopped and removed after.
 */

const run = promisify(execFile)
const SUPERUSER = 'sb'

export interface PgCluster {
  port: number
  /** A connection URL to `database` as the cluster's superuser. */
  url(database?: string): string
  stop(): Promise<void>
}

/** Where initdb and pg_ctl are, or what is missing (for the one skip line). */
export type PgBinaries = { bin: string } | { missing: string }

const hasServer = (dir: string) => ['initdb', 'pg_ctl', 'postgres'].every((name) => fs.existsSync(path.join(dir, name)))

/**
 * SWITCHBOARD_PG_BIN, when set, is the one folder looked in (a chosen version, or none at all);
 * otherwise Debian's per-version folders (newest first), /usr/local/pgsql/bin, then PATH.
 */
export function findPgBinaries(env: NodeJS.ProcessEnv = process.env, debianRoot = '/usr/lib/postgresql'): PgBinaries {
  if (env.SWITCHBOARD_PG_BIN) {
    const bin = env.SWITCHBOARD_PG_BIN
    return hasServer(bin)
      ? { bin }
      : { missing: `PostgreSQL server binaries (initdb, pg_ctl, postgres) not found in ${bin} (SWITCHBOARD_PG_BIN)` }
  }
  const candidates: string[] = []
  // Debian/Ubuntu keep the server binaries off PATH, one folder per major version.
  if (fs.existsSync(debianRoot)) {
    const versions = fs.readdirSync(debianRoot).filter((v) => /^\d+$/.test(v))
    candidates.push(...versions.sort((a, b) => Number(b) - Number(a)).map((v) => path.join(debianRoot, v, 'bin')))
  }
  candidates.push('/usr/local/pgsql/bin', ...(env.PATH ?? '').split(path.delimiter).filter(Boolean))
  const bin = candidates.find(hasServer)
  if (bin) return { bin }
  return { missing: 'PostgreSQL server binaries (initdb, pg_ctl, postgres) not installed (apt-get install postgresql)' }
}

/** PostgreSQL refuses to run as root: as root, the cluster runs as the `postgres` account. */
async function runAs(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])])
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) }
  } catch {
    throw new Error('running as root, and there is no `postgres` account to run the test cluster as (PostgreSQL refuses root)')
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

export async function startPgCluster(bin: string): Promise<PgCluster> {
  const user = await runAs()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-pg-'))
  if (user) fs.chownSync(dir, user.uid, user.gid)
  const data = path.join(dir, 'data')
  const log = path.join(dir, 'server.log')
  const exec = (name: string, args: string[]) =>
    run(path.join(bin, name), args, { ...user, cwd: dir, env: { ...process.env, LC_ALL: 'C' } })

  // Should the run end without its teardown (an interrupted vitest), no server is left behind.
  const stopNow = () => {
    try {
      execFileSync(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], { ...user, stdio: 'ignore' })
    } catch {
      // Not running (never started, or already stopped).
    }
    fs.rmSync(dir, { recursive: true, force: true })
  }
  process.once('exit', stopNow)
  const stop = async () => {
    process.off('exit', stopNow)
    await exec('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined)
    fs.rmSync(dir, { recursive: true, force: true })
  }
  try {
    // -N: no fsync of the new files, and fsync=off below: the cluster is thrown away after the run.
    // A UTF-8 character type, so that lower(), ILIKE and pg_trgm fold non-ASCII letters as FTS5 does.
    const initdb = ['-D', data, '-A', 'trust', '-U', SUPERUSER, '-E', 'UTF8', '-N']
    await exec('initdb', [...initdb, '--locale=C.UTF-8']).catch(() => exec('initdb', initdb))
    let port = 0
    // The port is free when picked but could be taken before the server binds it: try again then.
    for (let attempt = 1; ; attempt++) {
      port = await freePort()
      const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`
      try {
        await exec('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '60', '-o', options, 'start'])
        break
      } catch (error) {
        if (attempt === 3) throw error
      }
    }
    await exec('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', SUPERUSER, 'switchboard_tests'])
    return { port, url: (database = 'switchboard_tests') => `postgres://${SUPERUSER}@127.0.0.1:${port}/${database}`, stop }
  } catch (error) {
    const tail = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').slice(-15).join('\n') : ''
    await stop()
    throw new Error(`The test PostgreSQL cluster did not start: ${(error as Error).message}\n${tail}`, { cause: error })
  }
}

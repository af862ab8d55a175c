import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import path from 'node:path'
import { afterAll } from 'vitest'

const root = path.resolve(import.meta.dirname, '../..')

export interface InstanceProcess {
  url: string
  child: ChildProcessWithoutNullStreams
  /** What it wrote to standard output: one JSON line per request. */
  log(): string
  /** Resolves with its exit code (or signal) once it has exited. */
  exited: Promise<number | NodeJS.Signals | null>
}

const running: ChildProcessWithoutNullStreams[] = []
afterAll(() => {
  while (running.length) running.pop()?.kill('SIGKILL')
})

/**
 * A real `switchboard instance serve` process (the CLI under tsx), started with `args` on a free
 * loopback port; resolves once it says where it listens. Killed after the test file.
 */
export function startInstanceProcess(args: string[], env: NodeJS.ProcessEnv = {}): Promise<InstanceProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'src/main/cli/index.ts'), 'instance', 'serve', '--port', '0', ...args],
    { cwd: root, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, DATABASE_URL: '', ...env } },
  )
  running.push(child)
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)))
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
      const match = /URL: +(http:\/\/127\.0\.0\.1:\d+)/.exec(stderr)
      if (match) resolve({ url: match[1]!, child, log: () => stdout, exited })
    })
    void exited.then((code) => reject(new Error(`the instance exited (${code}) before listening; it said: ${stderr}`)))
  })
}

import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { openBench } from './setup'

/** `openBackend` on the store, as every start does (a fresh process would also pay the module loading). */
export async function timeOpenBackend(dir: string, runs: number): Promise<number[]> {
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    const backend = openBench(dir)
    samples.push(performance.now() - start)
    await backend.close()
  }
  return samples
}

/** Peak resident memory of a process (Linux /proc), MB; null elsewhere. */
function peakRssMbOf(pid: number | undefined): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) / 1024 : null
  } catch {
    return null
  }
}

/**
 * Spawns the real command and waits for the line that carries the link, then stops it with SIGTERM;
 * also reads the started process's peak RSS with the store open.
 */
function startOnce(
  root: string,
  dir: string,
  whileRunning?: (url: string) => Promise<void>,
): Promise<{ ms: number; rssMb: number | null }> {
  return new Promise((resolve, reject) => {
    const start = performance.now()
    const child = spawn(process.execPath, [path.join(root, 'bin', 'switchboard.js'), 'start', '--browser', '--no-open', '--data', dir], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SWITCHBOARD_MAIL_FROM: 'Bench <bench@switchboard.test>' },
    })
    let out = ''
    let err = ''
    let elapsed: number | null = null
    let rssMb: number | null = null
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const link = /Console: (http\S+)/.exec(out)
      if (elapsed === null && link) {
        elapsed = performance.now() - start
        const stop = () => {
          rssMb = peakRssMbOf(child.pid)
          child.kill('SIGTERM')
        }
        if (!whileRunning) stop()
        else
          whileRunning(link[1]!).then(stop, (error: unknown) => {
            child.kill('SIGTERM')
            reject(error instanceof Error ? error : new Error(String(error)))
          })
      }
    })
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
    child.on('error', reject)
    child.on('exit', (code) => {
      if (elapsed !== null) resolve({ ms: elapsed, rssMb })
      else reject(new Error(`switchboard start exited (${code}) before printing its link:\n${out}${err}`))
    })
  })
}

export async function timeStartCommand(root: string, dir: string, runs: number): Promise<{ ms: number; rssMb: number | null }[] | null> {
  if (!fs.existsSync(path.join(root, 'out', 'main', 'cli.js'))) return null
  const samples: { ms: number; rssMb: number | null }[] = []
  for (let i = 0; i < runs; i++) samples.push(await startOnce(root, dir))
  return samples
}

/**
 * Starts `switchboard start` once more and lets `work` use it (sign in, call the lists) before reading
 * its peak RSS: the product's own process with the store open, after serving the console's requests.
 */
export async function servedProcessRss(root: string, dir: string, work: (url: string) => Promise<void>): Promise<number | null> {
  if (!fs.existsSync(path.join(root, 'out', 'main', 'cli.js'))) return null
  return (await startOnce(root, dir, work)).rssMb
}

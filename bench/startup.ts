import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { median } from './stats'
import { openBench } from './setup'

export interface StartupFigures {
  openBackendMs: number[]
  /** `switchboard start --browser` to the printed console link; null when the app is not built. */
  startToLinkMs: number[] | null
  note?: string
}

/** `openBackend` on the store, as every start does (a fresh process would also pay the module loading). */
export function timeOpenBackend(dir: string, runs: number): number[] {
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    const backend = openBench(dir)
    samples.push(performance.now() - start)
    backend.close()
  }
  return samples
}

/** Spawns the real command and waits for the line that carries the link, then stops it with SIGTERM. */
function startOnce(root: string, dir: string): Promise<number> {
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
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      if (elapsed === null && /Console: http\S+/.test(out)) {
        elapsed = performance.now() - start
        child.kill('SIGTERM')
      }
    })
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
    child.on('error', reject)
    child.on('exit', (code) => {
      if (elapsed !== null) resolve(elapsed)
      else reject(new Error(`switchboard start exited (${code}) before printing its link:\n${out}${err}`))
    })
  })
}

export async function timeStartCommand(root: string, dir: string, runs: number): Promise<number[] | null> {
  if (!fs.existsSync(path.join(root, 'out', 'main', 'cli.js'))) return null
  const samples: number[] = []
  for (let i = 0; i < runs; i++) samples.push(await startOnce(root, dir))
  return samples
}

export const startupSummary = (f: StartupFigures) => ({
  openBackendMs: median(f.openBackendMs),
  startToLinkMs: f.startToLinkMs ? median(f.startToLinkMs) : null,
})

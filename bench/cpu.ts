import fs from 'node:fs'
import os from 'node:os'

/**
 * Where the machine's CPU went during a load test (Linux /proc; zeros elsewhere): this process (the
 * clients), the watched processes (the servers) and the rest (PostgreSQL when it runs here, and
 * anything else), each as a share of all cores. On a small machine that says what limits the figures.
 */
export interface CpuSnapshot {
  at: number
  machineBusy: number
  self: number
  watched: number
  pids: number[]
}

/** Clock ticks (USER_HZ) per second: 100 on Linux. */
const TICKS = 100

function machineBusyTicks(): number {
  try {
    const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number)
    // user nice system idle iowait irq softirq steal …: busy is all but idle and iowait.
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0)
    return total - fields[3]! - fields[4]!
  } catch {
    return 0
  }
}

function processTicks(pid: number): number {
  try {
    // After the command name in parentheses: utime and stime are the 12th and 13th fields.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return Number(fields[11]) + Number(fields[12])
  } catch {
    return 0
  }
}

export function cpuSnapshot(pids: number[]): CpuSnapshot {
  return {
    at: performance.now(),
    machineBusy: machineBusyTicks(),
    self: processTicks(process.pid),
    watched: pids.reduce((sum, pid) => sum + processTicks(pid), 0),
    pids,
  }
}

/** Percentages of the whole machine (all cores = 100%) since the snapshot. */
export function cpuSince(before: CpuSnapshot): { busy: number; self: number; watched: number; rest: number } {
  const after = cpuSnapshot(before.pids)
  const capacity = ((after.at - before.at) / 1000) * TICKS * os.cpus().length
  const share = (ticks: number) => (capacity > 0 ? (100 * ticks) / capacity : 0)
  const busy = share(after.machineBusy - before.machineBusy)
  const self = share(after.self - before.self)
  const watched = share(after.watched - before.watched)
  return { busy, self, watched, rest: Math.max(0, busy - self - watched) }
}

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
  /** Per group (the servers, PostgreSQL…): its processes' CPU ticks so far. */
  groups: Record<string, number>
  pids: Record<string, () => number[]>
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

/**
 * The processes of a PostgreSQL server running on this machine, found by the port its postmaster was
 * started with (`-p PORT`, as pg_ctl passes it): the postmaster and its children (one backend per
 * connection, the writer, the WAL writer…). Empty when it is not here.
 */
export function postgresPids(port: number): number[] {
  const entries = fs.existsSync('/proc') ? fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name)) : []
  const read = (pid: string, file: string) => {
    try {
      return fs.readFileSync(`/proc/${pid}/${file}`, 'utf8')
    } catch {
      return ''
    }
  }
  const postmaster = entries.find((pid) => {
    const args = read(pid, 'cmdline').split('\0')
    return /postgres$/.test(args[0] ?? '') && args.some((arg, i) => (arg === '-p' && args[i + 1] === String(port)) || arg === `-p ${port}`)
  })
  if (!postmaster) return []
  const children = entries.filter((pid) => {
    const stat = read(pid, 'stat')
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1] === postmaster
  })
  return [Number(postmaster), ...children.map(Number)]
}

/** `groups`: how to find each group's processes (asked again at the end: backends come and go). */
export function cpuSnapshot(groups: Record<string, () => number[]>): CpuSnapshot {
  const ticks: Record<string, number> = {}
  for (const [name, pids] of Object.entries(groups)) ticks[name] = pids().reduce((sum, pid) => sum + processTicks(pid), 0)
  return { at: performance.now(), machineBusy: machineBusyTicks(), self: processTicks(process.pid), groups: ticks, pids: groups }
}

export interface CpuShares {
  /** The whole machine busy, all cores = 100%. */
  busy: number
  /** This process: the load generator. */
  self: number
  groups: Record<string, number>
  /** Everything else on the machine. */
  rest: number
}

/**
 * Percentages of the whole machine (all cores = 100%) since the snapshot. A process that ended
 * meanwhile is not counted in its group (its ticks fall into `rest`).
 */
export function cpuSince(before: CpuSnapshot): CpuShares {
  const after = cpuSnapshot(before.pids)
  const capacity = ((after.at - before.at) / 1000) * TICKS * os.cpus().length
  const share = (ticks: number) => (capacity > 0 ? (100 * ticks) / capacity : 0)
  const busy = share(after.machineBusy - before.machineBusy)
  const self = share(after.self - before.self)
  const groups: Record<string, number> = {}
  // A backend that started during the case is counted from zero: all its ticks are this case's.
  for (const name of Object.keys(after.groups)) groups[name] = Math.max(0, share(after.groups[name]! - (before.groups[name] ?? 0)))
  const counted = self + Object.values(groups).reduce((a, b) => a + b, 0)
  return { busy, self, groups, rest: Math.max(0, busy - counted) }
}

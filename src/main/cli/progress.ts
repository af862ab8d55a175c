import type { Io } from './io'

const WIDTH = 30

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '…'
  const s = Math.max(0, Math.round(seconds))
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`
}

/**
 * A progress bar with an ETA on standard error: redrawn in place on a terminal (at most ten
 * times a second), one line per tenth of the work otherwise, so logs stay readable.
 */
export function progressBar(io: Io, label: string, now: () => number = () => performance.now()) {
  const started = now()
  let lastDraw = 0
  let lastTenth = -1
  let drawn = false
  return {
    update(done: number, total: number): void {
      const fraction = total > 0 ? Math.min(done / total, 1) : 1
      const elapsed = (now() - started) / 1000
      const eta = fraction > 0 ? (elapsed * (1 - fraction)) / fraction : Number.POSITIVE_INFINITY
      const percent = `${Math.floor(fraction * 100)}%`.padStart(4)
      if (io.stderrIsTTY) {
        if (now() - lastDraw < 100 && fraction < 1) return
        lastDraw = now()
        const filled = Math.round(fraction * WIDTH)
        io.err(
          `\r${label} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${percent}  ${duration(elapsed)} elapsed, ETA ${duration(eta)}   `,
        )
        drawn = true
      } else {
        const tenth = Math.floor(fraction * 10)
        if (tenth === lastTenth) return
        lastTenth = tenth
        io.err(`${label}: ${percent.trim()} (${duration(elapsed)} elapsed, ETA ${duration(eta)})\n`)
      }
    },
    done(): void {
      if (drawn) io.err('\n')
    },
  }
}

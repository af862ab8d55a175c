import { ms } from './stats'

export const TARGETS = {
  serviceOverRawP95: 1.5,
  httpOverFloorP95Ms: 1,
  switchToFirstRowsMs: 150,
  keystrokeToRowsMs: 80,
  seed1MSeconds: 20,
  startupMs: 1000,
  rssMb: 250,
  /** Issue 19: every list and search on PostgreSQL at 1M users. */
  pgP95Ms: 5,
} as const

export type Verdict = 'met' | 'missed' | 'n/a'

export const verdict = (value: number | null | undefined, limit: number): Verdict =>
  value === null || value === undefined || Number.isNaN(value) ? 'n/a' : value <= limit ? 'met' : 'missed'

export const mark = (v: Verdict) => (v === 'met' ? '✓ met' : v === 'missed' ? '✗ MISSED' : '—')

/** A plain text table: first column left-aligned, the others right-aligned. */
export function printTable(title: string, headers: string[], rows: string[][]): void {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')
  console.log(`\n${title}`)
  console.log(line(headers))
  console.log(widths.map((w) => '─'.repeat(w)).join('  '))
  for (const row of rows) console.log(line(row))
}

export const pair = (t: { p50: number; p95: number } | null | undefined) => (t ? `${ms(t.p50)} / ${ms(t.p95)}` : '—')

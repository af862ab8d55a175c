import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * Electronegativity (Doyensec's Electron security scanner) over src/, held to a reviewed
 * baseline. The scanner exits 0 whatever it finds, so this test is the gate: a finding
 * not in tests/security/electronegativity-baseline.json fails it, and so does a baseline
 * entry that no longer matches anything (the baseline stays a list of real, reviewed
 * findings). We scan src/, not out/: the sources are what we review and what a finding
 * can name, out/ would add React and every bundled dependency, and `npm test` runs the unit
 * tests before the build.
 */

interface Finding {
  check: string
  file: string
  sample: string
}
interface Accepted extends Finding {
  reason: string
}

const root = path.resolve(import.meta.dirname, '..', '..')
const baselineFile = path.join(import.meta.dirname, 'electronegativity-baseline.json')

interface ScanIssue {
  id: string
  file: string
  sample?: unknown
  location: { line: number }
}
type Scan = (options: Record<string, unknown>) => Promise<{ issues: ScanIssue[]; errors: unknown[] }>

async function scan(): Promise<{ findings: Finding[]; errors: unknown[] }> {
  const run = createRequire(import.meta.url)('@doyensec/electronegativity') as Scan
  const result = await run({
    input: path.join(root, 'src'),
    isRelative: true,
    electronVersionOverride: (createRequire(import.meta.url)('electron/package.json') as { version: string }).version,
    // This check downloads Electron's release list; the pinned version is kept current by review instead.
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
  })
  const findings = result.issues.map((issue) => ({
    check: issue.id,
    file: issue.file.split(path.sep).join('/'),
    sample: String(issue.sample ?? '').trim(),
  }))
  return { findings, errors: result.errors }
}

/**
 * Findings are matched by check and file, as many times as the baseline lists them, so that
 * moving code does not fail the test while a second finding of the same kind in a file does.
 */
function compareWithBaseline(findings: readonly Finding[], accepted: readonly Accepted[]) {
  const remaining = [...accepted]
  const unexpected: Finding[] = []
  for (const finding of findings) {
    const index = remaining.findIndex((a) => a.check === finding.check && a.file === finding.file)
    if (index === -1) unexpected.push(finding)
    else remaining.splice(index, 1)
  }
  return { unexpected, stale: remaining }
}

const baseline = JSON.parse(fs.readFileSync(baselineFile, 'utf8')) as { accepted: Accepted[] }

describe('the Electronegativity baseline', () => {
  it('gives a reason for every accepted finding', () => {
    for (const entry of baseline.accepted) expect(entry.reason.trim().length, `${entry.check} in ${entry.file}`).toBeGreaterThan(20)
  })

  it('catches a finding that is not in it, and an entry that no longer matches', () => {
    const accepted = baseline.accepted.slice(0, 1)
    const extra = { check: 'NODE_INTEGRATION_JS_CHECK', file: 'main/window.ts', sample: 'nodeIntegration: true' }
    expect(compareWithBaseline([extra], accepted)).toEqual({ unexpected: [extra], stale: accepted })
    // The same check twice in one file needs two entries.
    const once = { check: 'X', file: 'f.ts', sample: '', reason: 'reviewed' }
    expect(compareWithBaseline([once, once], [once]).unexpected).toHaveLength(1)
  })

  it('covers every finding in src/, with no stale entries', { timeout: 120_000 }, async () => {
    const { findings, errors } = await scan()
    expect(errors).toEqual([])
    const { unexpected, stale } = compareWithBaseline(findings, baseline.accepted)
    expect(unexpected, 'new Electronegativity findings: fix them, or review and add them to the baseline with a reason').toEqual([])
    expect(stale, 'baseline entries that match no finding any more: remove them').toEqual([])
  })
})

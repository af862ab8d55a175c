import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { generatedDocument, writeTempDocument } from './api-document'

const run = promisify(execFile)
const root = path.resolve(import.meta.dirname, '../..')
const bin = (name: string) => path.join(root, 'node_modules/.bin', name)
// No usage telemetry and no update check: the linters run offline, as the rest of the suite does.
const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_UPDATE_NOTIFIER: '1' }

interface Problem {
  rule: string
  severity: string
  where: string
}

/** Both linters exit non-zero on errors; their JSON report is what counts, warnings included. */
async function output(command: string, args: string[]): Promise<string> {
  try {
    return (await run(command, args, { cwd: root, env, maxBuffer: 64 * 1024 * 1024 })).stdout
  } catch (error) {
    return (error as { stdout: string }).stdout
  }
}

async function redocly(file: string): Promise<Problem[]> {
  const report = JSON.parse(await output(bin('redocly'), ['lint', file, '--config', 'redocly.yaml', '--format', 'json'])) as {
    problems: { ruleId: string; severity: string; location: { pointer: string }[] }[]
  }
  return report.problems.map((p) => ({ rule: p.ruleId, severity: p.severity, where: p.location[0]?.pointer ?? '' }))
}

async function spectral(file: string): Promise<Problem[]> {
  const report = JSON.parse(
    await output(bin('spectral'), ['lint', file, '--ruleset', '.spectral.yaml', '--format', 'json', '--quiet']),
  ) as {
    code: string
    severity: number
    path: string[]
  }[]
  // Spectral's severities: 0 error, 1 warning, 2 info, 3 hint. Infos and hints are advice, not findings.
  return report.filter((p) => p.severity <= 1).map((p) => ({ rule: p.code, severity: String(p.severity), where: p.path.join('.') }))
}

describe('the OpenAPI document passes the linters scripters run', () => {
  it('redocly lint (recommended) and spectral (oas): 0 errors, 0 warnings', async () => {
    const file = writeTempDocument(await generatedDocument())
    expect(await redocly(file)).toEqual([])
    expect(await spectral(file)).toEqual([])
  }, 120_000)

  it('would catch an operation without a summary or description (the linters do run on our file)', async () => {
    const document = await generatedDocument()
    const operation = document.paths!['/users/list']!.post!
    delete operation.summary
    delete operation.description
    const file = writeTempDocument(document)
    expect(await redocly(file)).toContainEqual(
      expect.objectContaining({ rule: 'operation-summary', where: '#/paths/~1users~1list/post/summary' }),
    )
    expect(await spectral(file)).toContainEqual(expect.objectContaining({ rule: 'operation-description' }))
  }, 120_000)
})

import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

/** Source files of the backend's features, tests left out. */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name)
    if (entry.isDirectory()) return sources(file)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [file] : []
  })
}

/** The text of each `new AppError(…)` call, to its closing parenthesis. */
function appErrorCalls(text: string): string[] {
  const calls: string[] = []
  for (let start = text.indexOf('new AppError('); start >= 0; start = text.indexOf('new AppError(', start + 1)) {
    let depth = 0
    let end = start + 'new AppError'.length
    do {
      if (text[end] === '(') depth++
      if (text[end] === ')') depth--
      end++
    } while (depth > 0 && end < text.length)
    calls.push(text.slice(start, end))
  }
  return calls
}

describe('errors a client branches on', () => {
  it('give every CONFLICT a machine-readable reason', () => {
    const calls = sources(path.resolve(import.meta.dirname)).flatMap((file) =>
      appErrorCalls(fs.readFileSync(file, 'utf8')).map((call) => ({ file: path.basename(file), call })),
    )
    const conflicts = calls.filter(({ call }) => call.includes('ErrorCode.CONFLICT'))
    expect(conflicts.length).toBeGreaterThan(10)
    expect(conflicts.filter(({ call }) => !/reason: ErrorReason\.[A-Z_]+/.test(call))).toEqual([])
  })
})

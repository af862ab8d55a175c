import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '..', '..')
const IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/gm

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name)
    if (entry.isDirectory()) return sources(file)
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [file] : []
  })
}

function resolve(from: string, specifier: string): string | null {
  const base = path.resolve(path.dirname(from), specifier)
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate
  }
  return null
}

/** Every import circle among the files, type-only imports included: each one once, as a path. */
export function importCycles(files: string[]): string[][] {
  const edges = new Map(
    files.map((file) => [file, [...fs.readFileSync(file, 'utf8').matchAll(IMPORT)].flatMap((m) => resolve(file, m[1]!) ?? [])]),
  )
  const cycles = new Map<string, string[]>()
  const state = new Map<string, 'open' | 'done'>()
  const stack: string[] = []
  const visit = (file: string) => {
    state.set(file, 'open')
    stack.push(file)
    for (const next of edges.get(file) ?? []) {
      if (state.get(next) === 'open') {
        const cycle = stack.slice(stack.indexOf(next)).map((f) => path.relative(root, f))
        cycles.set([...cycle].sort().join(' '), cycle)
      } else if (!state.has(next)) visit(next)
    }
    stack.pop()
    state.set(file, 'done')
  }
  for (const file of files) if (!state.has(file)) visit(file)
  return [...cycles.values()]
}

describe('imports', () => {
  it('finds a circle where there is one', () => {
    const dir = fs.mkdtempSync(path.join(root, 'test-results', 'cycle-'))
    try {
      fs.writeFileSync(path.join(dir, 'a.ts'), "import type { B } from './b'\nexport type A = B\n")
      fs.writeFileSync(path.join(dir, 'b.ts'), "import { c } from './c'\nexport type B = typeof c\n")
      fs.writeFileSync(path.join(dir, 'c.ts'), "import type { A } from './a'\nexport const c: A | null = null\n")
      expect(importCycles(sources(dir)).map((cycle) => cycle.map((f) => path.basename(f)))).toEqual([['a.ts', 'b.ts', 'c.ts']])
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('go one way in src/: no file reaches itself through what it imports', () => {
    expect(importCycles(sources(path.join(root, 'src')))).toEqual([])
  })
})

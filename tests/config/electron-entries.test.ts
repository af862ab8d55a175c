import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import config from '../../electron.vite.config'

const root = path.resolve(import.meta.dirname, '..', '..')
type Build = { build?: { rollupOptions?: { input?: Record<string, string>; output?: { format?: string; entryFileNames?: string } } } }
const section = (name: 'main' | 'preload' | 'renderer') => (config as Record<string, Build>)[name]!.build!.rollupOptions!

/**
 * `npm run build` (electron-vite) must bundle every Electron entry point under the names the
 * app loads them by; the build itself runs in `npm test` after the unit tests.
 */
describe('the Electron entry points', () => {
  it('bundles the main process as out/main/index.js, which package.json starts', () => {
    const input = section('main').input!
    expect(path.relative(root, input.index!)).toBe(path.join('src', 'main', 'index.ts'))
    expect(fs.existsSync(input.index!)).toBe(true)
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string }
    expect(manifest.main).toBe('out/main/index.js')
  })

  it('bundles the sandboxed preload as CommonJS under the name window.ts loads', () => {
    const preload = section('preload')
    expect(fs.existsSync(preload.input!.index!)).toBe(true)
    expect(preload.output).toMatchObject({ format: 'cjs', entryFileNames: '[name].cjs' })
    expect(fs.readFileSync(path.join(root, 'src', 'main', 'window.ts'), 'utf8')).toContain("'../preload/index.cjs'")
  })

  it('bundles the renderer page the app:// handler serves', () => {
    const input = section('renderer').input!
    expect(path.relative(root, input.index!)).toBe(path.join('src', 'renderer', 'index.html'))
    expect(fs.existsSync(input.index!)).toBe(true)
  })
})

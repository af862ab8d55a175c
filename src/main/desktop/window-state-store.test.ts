import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { EMPTY_WINDOW_STATE, type WindowStateFile } from './window-state'
import { WINDOW_STATE_FILE, readWindowState, writeWindowState } from './window-state-store'

const dirs: string[] = []
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-window-'))
  dirs.push(dir)
  return dir
}
afterEach(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })))

describe('window-state.json in the data directory', () => {
  it('reads back what was written, leaving no temporary file', () => {
    const dir = tempDir()
    const state: WindowStateFile = {
      lastDisplay: '7',
      displays: { '7': { bounds: { x: 1, y: 2, width: 900, height: 600 }, maximized: false } },
    }
    writeWindowState(dir, state)
    expect(readWindowState(dir)).toEqual(state)
    expect(fs.readdirSync(dir)).toEqual([WINDOW_STATE_FILE])
  })

  it('treats a missing or corrupt file as no state', () => {
    const dir = tempDir()
    expect(readWindowState(dir)).toEqual(EMPTY_WINDOW_STATE)
    fs.writeFileSync(path.join(dir, WINDOW_STATE_FILE), '{"lastDisplay": "7", "displ')
    expect(readWindowState(dir)).toEqual(EMPTY_WINDOW_STATE)
  })
})

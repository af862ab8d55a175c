import fs from 'node:fs'
import path from 'node:path'
import { EMPTY_WINDOW_STATE, parseWindowState, type WindowStateFile } from './window-state'

export const WINDOW_STATE_FILE = 'window-state.json'

/** The stored placements in the data directory; a missing or unreadable file means none. */
export function readWindowState(dataDir: string): WindowStateFile {
  try {
    return parseWindowState(JSON.parse(fs.readFileSync(path.join(dataDir, WINDOW_STATE_FILE), 'utf8')))
  } catch {
    return EMPTY_WINDOW_STATE
  }
}

/** Written to a temporary file and renamed, so a crash mid-write never leaves half a file. */
export function writeWindowState(dataDir: string, state: WindowStateFile): void {
  const file = path.join(dataDir, WINDOW_STATE_FILE)
  const temp = `${file}.${process.pid}.tmp`
  fs.writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`)
  fs.renameSync(temp, file)
}

import fs from 'node:fs'
import path from 'node:path'
import { openMarkerIn, storeFileIn } from './store'

/** The files that make up a closed store: the database and what SQLite or we may leave beside it. */
function storeFiles(dataDir: string): string[] {
  const file = storeFileIn(dataDir)
  return [file, `${file}-wal`, `${file}-shm`, `${file}-journal`, openMarkerIn(dataDir)]
}

/**
 * Moves a closed store into a data directory of its own beside it (`demo`, `demo-2`, …), where
 * `switchboard start --data <that>` opens it again. Answers that directory.
 */
export function moveStoreAside(dataDir: string, name = 'demo'): string {
  let target = path.join(dataDir, name)
  for (let n = 2; fs.existsSync(target); n++) target = path.join(dataDir, `${name}-${n}`)
  fs.mkdirSync(target, { recursive: true })
  for (const file of storeFiles(dataDir)) {
    if (fs.existsSync(file)) fs.renameSync(file, path.join(target, path.basename(file)))
  }
  return target
}

/** Deletes a closed store's files; the rest of the data directory (connections, backups, keys) stays. */
export function removeStoreFiles(dataDir: string): void {
  for (const file of storeFiles(dataDir)) fs.rmSync(file, { force: true })
}

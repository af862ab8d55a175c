import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

const KEY_BYTES = 32

/** Where a store's key of this name lives: beside the store file, never inside it. */
export const instanceKeyFile = (dataDir: string, name: string) => path.join(dataDir, `${name}.key`)

/**
 * A secret of this store kept in its own file beside the data (owner-only): a copy of the
 * database alone does not carry it. Made on first use; every later call, and every process
 * sharing the folder, reads the same one (the first writer wins, `wx`).
 */
export function instanceKey(dataDir: string, name: string): Buffer {
  const file = instanceKeyFile(dataDir, name)
  for (;;) {
    try {
      const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64url')
      if (key.length !== KEY_BYTES)
        throw new Error(`${file} is not a Switchboard key (expected ${KEY_BYTES} bytes). Move it aside to make a new one.`)
      return key
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
    fs.mkdirSync(dataDir, { recursive: true })
    const temporary = `${file}.${process.pid}.partial`
    fs.writeFileSync(temporary, randomBytes(KEY_BYTES).toString('base64url') + '\n', { mode: 0o600 })
    try {
      // A link fails if the file exists: two processes racing both end up reading the winner's key.
      fs.linkSync(temporary, file)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    } finally {
      fs.rmSync(temporary, { force: true })
    }
  }
}

/** instanceKey read on the first call and kept: a store that never needs the key never gets the file. */
export function lazyInstanceKey(dataDir: string, name: string): () => Buffer {
  let key: Buffer | undefined
  return () => (key ??= instanceKey(dataDir, name))
}

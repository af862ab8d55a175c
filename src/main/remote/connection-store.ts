import fs from 'node:fs'
import path from 'node:path'
import * as z from 'zod'

/** A remote instance as remembered on disk: no secret here, the token is in the OS keychain. */
export interface RemoteConnection {
  id: string
  name: string
  url: string
  /** A PEM file of the organisation's certificate authority, trusted for this instance only; read when the connection is used. */
  caFile?: string
}

const fileSchema = z.object({
  connections: z.array(z.object({ id: z.string(), name: z.string(), url: z.string(), caFile: z.string().optional() })),
})

export const CONNECTIONS_FILE = 'connections.json'

/**
 * The list of remote connections, in `connections.json` in the data directory (not the SQLite
 * store, which belongs to the local backend and is not there when working against an instance).
 * Written whole to a temporary file and renamed, so a crash never leaves half a list.
 */
export function connectionFile(dataDir: string) {
  const file = path.join(dataDir, CONNECTIONS_FILE)
  return {
    file,
    read(): RemoteConnection[] {
      let text: string
      try {
        text = fs.readFileSync(file, 'utf8')
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
        throw error
      }
      const parsed = fileSchema.safeParse(JSON.parse(text))
      if (!parsed.success) throw new Error(`${file} is not a list of connections; fix or remove it.`)
      return parsed.data.connections
    },
    write(connections: readonly RemoteConnection[]): void {
      const temporary = `${file}.${process.pid}.tmp`
      fs.writeFileSync(temporary, JSON.stringify({ connections }, null, 2) + '\n', { mode: 0o600 })
      fs.renameSync(temporary, file)
    },
  }
}

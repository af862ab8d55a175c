import { openBackend } from '../backend'
import { acquireDataLock, DataDirBusyError } from '../data-lock'
import { StoreOpenError } from '../db/store'
import { CliError, type Io } from './io'
import { progressBar } from './progress'

/**
 * `switchboard start --demo`: makes the demo in an empty data directory before the console starts
 * (which then signs the prospect in as the demo's SUPER_ADMIN). A demo store is opened as it is;
 * a store of one's own is refused, never mixed with demo data. A directory another console has
 * open is left to the start that follows, which points to that console.
 */
export async function prepareDemoStore(dataDir: string, io: Io): Promise<void> {
  let lock
  try {
    lock = acquireDataLock(dataDir, 'the demo')
  } catch (error) {
    if (error instanceof DataDirBusyError) return
    throw error
  }
  try {
    // Making the demo sends no mail: no mail settings are read (nor taken out of the environment) here.
    const backend = openBackend({ dataDir, config: {} })
    try {
      const { demo } = backend.services
      if ((await demo.status()).demo) {
        io.out(`Opening the demo in ${dataDir}.\n`)
        return
      }
      if (!(await backend.services.setup.status()).needsSetup) {
        throw new CliError(
          `${dataDir} holds a console of your own, so no demo is made there. Run "switchboard start --demo --data DIR" with an empty (or demo) directory.`,
          1,
        )
      }
      const bar = progressBar(io, 'Making the demo')
      for await (const event of await demo.explore()) bar.update(event.done, event.total)
      bar.done()
      io.out(`Made the demo in ${dataDir}: synthetic companies, people and tickets; mail stays in the Outbox.\n`)
    } finally {
      await backend.close()
    }
  } catch (error) {
    if (error instanceof StoreOpenError) throw new CliError(error.message, 1)
    throw error
  } finally {
    lock.release()
  }
}

import { ipcMain } from 'electron'
import { PORT_CHANNEL, UPDATE_COMMAND_CHANNEL, UpdatePhase, type UpdateState } from '../shared/ipc'
import { parseUpdateCommand, type UpdateController } from './desktop/update-controller'
import { createPortServer } from './rpc/port-server'
import type { Connections } from './remote/connections.service'
import type { Services } from './services'
import { isTrustedSender } from './security/ipc-sender'

/**
 * The only module that listens on ipcMain (lint enforces it): the RPC port and the update
 * commands, each accepted only from our own top-level page.
 */
export function registerIpc(
  services: Services,
  appUrl: string,
  updates: { controller: UpdateController | null },
  connections?: Connections,
): void {
  const server = createPortServer(services, connections)
  ipcMain.on(PORT_CHANNEL, (event) => {
    const [port] = event.ports
    if (!port) return
    if (!isTrustedSender(event.senderFrame, appUrl)) {
      console.warn('[switchboard] refused an RPC port from an untrusted frame')
      port.close()
      return
    }
    const contents = event.sender
    // One listener per window, however often it reloads: its session is forgotten when it closes.
    if (server.serve(port, contents.id)) contents.once('destroyed', () => server.forget(contents.id))
  })

  ipcMain.handle(UPDATE_COMMAND_CHANNEL, async (event, value: unknown): Promise<UpdateState> => {
    if (!isTrustedSender(event.senderFrame, appUrl)) throw new Error('Refused: not the Switchboard window')
    const command = parseUpdateCommand(value)
    if (!command) throw new Error('Unknown update command')
    // Development builds have no updater: they are always up to date.
    return updates.controller ? updates.controller.command(command) : { phase: UpdatePhase.IDLE }
  })
}

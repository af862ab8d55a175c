import { createORPCClient } from '@orpc/client'
import { RPCLink as HttpLink } from '@orpc/client/fetch'
import { RPCLink as PortLink } from '@orpc/client/message-port'
import { createTanstackQueryUtils } from '@orpc/tanstack-query'
import type { ConsoleClient } from '../../../shared/contract/connections.contract'
import { CONNECT_MESSAGE } from '../../../shared/ipc'

/**
 * The one place that knows which host the console runs in. In the desktop app the
 * preload marks `window.switchboard` and RPC goes over a MessagePort to the main process;
 * everywhere else it goes over HTTP to the server that served this page. Either host answers from
 * the local store or relays to the active remote instance: the renderer never talks to an instance.
 */
function createClient(): ConsoleClient {
  if (window.switchboard?.host === 'electron') {
    const { port1, port2 } = new MessageChannel()
    window.postMessage(CONNECT_MESSAGE, '*', [port2])
    port1.start()
    return createORPCClient(new PortLink({ port: port1 }))
  }
  return createORPCClient(new HttpLink({ url: `${window.location.origin}/rpc` }))
}

/**
 * Query options, keys and invalidation prefixes derived from the contract: `orpc.users.list.key()`
 * covers every page and filter of that list, `orpc.users.key()` every users query.
 */
export const orpc = createTanstackQueryUtils(createClient())

import { createORPCClient, DynamicLink, type ClientLink } from '@orpc/client'
import { createTanstackQueryUtils } from '@orpc/tanstack-query'
import type { ConsoleClient } from '../../../shared/contract/connections.contract'
import { CONNECT_MESSAGE, PAGE_CONNECTION_HEADER } from '../../../shared/ipc'
import { withStepUp } from './step-up'

/**
 * The one place that knows which host the console runs in. In the desktop app the
 * preload marks `window.switchboard` and RPC goes over a MessagePort to the main process;
 * everywhere else it goes over HTTP to the server that served this page. Either host answers from
 * the local store or relays to the active remote instance: the renderer never talks to an instance.
 */
/** The connection this page was opened on: the first one the host named. Switching reloads the page. */
let pageConnection: string | undefined
export function rememberPageConnection(id: string): void {
  pageConnection ??= id
}

async function createLink(): Promise<ClientLink<object>> {
  if (window.switchboard?.host === 'electron') {
    const { RPCLink: PortLink } = await import('@orpc/client/message-port')
    const { port1, port2 } = new MessageChannel()
    window.postMessage(CONNECT_MESSAGE, '*', [port2])
    port1.start()
    return new PortLink({ port: port1 })
  }
  const { RPCLink: HttpLink } = await import('@orpc/client/fetch')
  // The page's connection travels with each call: the host refuses calls once another tab has switched.
  return new HttpLink({
    url: `${window.location.origin}/rpc`,
    headers: () => (pageConnection ? { [PAGE_CONNECTION_HEADER]: pageConnection } : {}),
  })
}

function createClient(): ConsoleClient {
  // Each host's transport is loaded for that host only, as the first call goes out: one link, made once.
  let link: Promise<ClientLink<object>> | undefined
  // Step-up (an operation that can take over tenants, the factor proven too long ago) is answered for every call here.
  return createORPCClient(withStepUp(new DynamicLink(() => (link ??= createLink()))))
}

/**
 * Query options, keys and invalidation prefixes derived from the contract: `orpc.users.list.key()`
 * covers every page and filter of that list, `orpc.users.key()` every users query.
 */
export const orpc = createTanstackQueryUtils(createClient())

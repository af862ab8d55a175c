import { createORPCClient } from '@orpc/client'
import { RPCLink } from '@orpc/client/fetch'
import type { SwitchboardClient } from '../../src/shared/contract'
import { CONTRACT_VERSION } from '../../src/shared/contract/version'
import { AUTHORIZATION_HEADER, CONTRACT_VERSION_HEADER, SESSION_MODE_HEADER, SESSION_TOKEN_HEADER } from '../../src/main/remote/protocol'

/**
 * A typed client of a running instance server as a desktop console or script talks to it: bearer
 * mode, the token kept here from SESSION_TOKEN_HEADER (set by sign-in, setup or register).
 */
export function connectInstance(base: string, options: { token?: string; headers?: () => Record<string, string> } = {}) {
  const session = { token: options.token ?? null }
  const link = new RPCLink({
    url: `${base}/rpc`,
    headers: () => ({
      [SESSION_MODE_HEADER]: 'bearer',
      [CONTRACT_VERSION_HEADER]: String(CONTRACT_VERSION),
      ...(session.token ? { [AUTHORIZATION_HEADER]: `Bearer ${session.token}` } : {}),
      ...options.headers?.(),
    }),
    fetch: async (request, init) => {
      const res = await fetch(request, init)
      const token = res.headers.get(SESSION_TOKEN_HEADER)
      if (token) session.token = token
      return res
    },
  })
  const client: SwitchboardClient = createORPCClient(link)
  return { client, session }
}

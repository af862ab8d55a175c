import { createORPCClient } from '@orpc/client'
import { RPCLink } from '@orpc/client/fetch'
import { OpenAPILink } from '@orpc/openapi-client/fetch'
import { contract, type SwitchboardClient } from '../../src/shared/contract'
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

/**
 * The same, as a script reaches an instance: plain JSON over /api (oRPC's OpenAPI link, so the
 * answers are the JSON the document describes: dates arrive as ISO strings), bearer token from
 * SESSION_TOKEN_HEADER. `fetch` may watch the answers (tests check them against the document).
 */
export function connectApi(base: string, fetchAnswer: typeof fetch = fetch): SwitchboardClient {
  let token: string | null = null
  const link = new OpenAPILink(contract, {
    url: `${base}/api`,
    headers: () => ({ [SESSION_MODE_HEADER]: 'bearer', ...(token ? { [AUTHORIZATION_HEADER]: `Bearer ${token}` } : {}) }),
    fetch: async (request, init) => {
      const res = await fetchAnswer(request, init)
      token = res.headers.get(SESSION_TOKEN_HEADER) ?? token
      return res
    },
  })
  return createORPCClient(link)
}

import { createORPCClient } from '@orpc/client'
import { RPCLink } from '@orpc/client/fetch'
import type { SwitchboardClient } from '../../src/shared/contract'

/**
 * A typed client of a running browser shell, speaking HTTP like the renderer does:
 * it opens the printed link to get the per-run cookie, then keeps cookies like a browser.
 */
export async function connectShell(url: string, options: { origin?: string; headers?: Record<string, string> } = {}) {
  const target = new URL(url)
  const origin = options.origin ?? target.origin
  const jar = new Map<string, string>()
  const remember = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const eq = pair!.indexOf('=')
      const name = pair!.slice(0, eq)
      const value = pair!.slice(eq + 1)
      if (/Max-Age=0/i.test(line) || value === '') jar.delete(name)
      else jar.set(name, value)
    }
  }
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ')

  remember(await fetch(url, { redirect: 'manual' }))
  const link = new RPCLink({
    url: `${target.origin}/rpc`,
    headers: () => ({ cookie: cookieHeader(), origin, ...options.headers }),
    fetch: async (request, init) => {
      const res = await fetch(request, init)
      remember(res)
      return res
    },
  })
  const client: SwitchboardClient = createORPCClient(link)
  return { client, jar, cookieHeader }
}

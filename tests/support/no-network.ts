import dgram from 'node:dgram'
import dns from 'node:dns'
import net from 'node:net'
import { vi } from 'vitest'

/**
 * A tripwire for "no network is touched": every way out of this process (TCP and TLS sockets,
 * which HTTP, SMTP and fetch all open through net.Socket; UDP; every DNS lookup and resolve) is
 * recorded and refused. Returns what was attempted; restore with vi.restoreAllMocks().
 */
export function forbidNetwork(): string[] {
  const attempts: string[] = []
  const refuse = (what: string) => {
    attempts.push(what)
    throw new Error(`network use refused in this test: ${what}`)
  }
  vi.spyOn(net.Socket.prototype, 'connect').mockImplementation((...args: unknown[]) => refuse(`connect ${JSON.stringify(args[0])}`))
  vi.spyOn(dgram.Socket.prototype, 'send').mockImplementation(() => refuse('udp send'))
  for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveMx', 'resolveAny'] as const) {
    vi.spyOn(dns, name).mockImplementation(((host: unknown) => refuse(`dns ${name} ${String(host)}`)) as never)
    vi.spyOn(dns.promises, name).mockImplementation((async (host: unknown) => refuse(`dns ${name} ${String(host)}`)) as never)
  }
  return attempts
}

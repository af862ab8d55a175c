import type http from 'node:http'
import net from 'node:net'

/** Which peers are the organisation's own proxies (load balancer, TLS terminator), by CIDR. */
export interface TrustedProxies {
  trusts(address: string): boolean
}

const unmapped = (address: string) => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '')

/**
 * Parses `--trusted-proxy` values: CIDRs (`10.0.0.0/8`, `fd00::/8`) or single addresses. Throws
 * with the offending value; nothing is trusted by default.
 */
export function trustedProxies(cidrs: readonly string[]): TrustedProxies {
  const list = new net.BlockList()
  for (const given of cidrs) {
    const [address = '', bits, extra] = given.trim().split('/')
    const type = net.isIPv4(address) ? 'ipv4' : net.isIPv6(address) ? 'ipv6' : null
    const max = type === 'ipv4' ? 32 : 128
    const prefix = bits === undefined ? max : Number(bits)
    if (
      !type ||
      extra !== undefined ||
      !Number.isInteger(prefix) ||
      prefix < 0 ||
      prefix > max ||
      (bits !== undefined && !/^\d+$/.test(bits))
    ) {
      throw new Error(`"${given}" is not an address or CIDR range (such as 10.0.0.0/8 or fd00::/8).`)
    }
    list.addSubnet(address, prefix, type)
  }
  return {
    trusts(address) {
      const plain = unmapped(address)
      const type = net.isIPv4(plain) ? 'ipv4' : net.isIPv6(plain) ? 'ipv6' : null
      return type !== null && list.check(plain, type)
    },
  }
}

/**
 * The address of the client a request comes from. The peer's own address, unless the peer is a
 * trusted proxy: then X-Forwarded-For is read from the right (the nearest hop first), skipping
 * the trusted proxies of the chain, and the first address that is not one is the client. Anything
 * to its left was written by the client itself and is never believed. An untrusted peer's header
 * is ignored entirely: anyone can send one.
 */
export function clientAddress(req: Pick<http.IncomingMessage, 'headers' | 'socket'>, proxies: TrustedProxies | null): string {
  const peer = unmapped(req.socket.remoteAddress ?? 'unknown')
  if (!proxies?.trusts(peer)) return peer
  const header = req.headers['x-forwarded-for']
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((hop) => unmapped(hop.trim()))
    .filter(Boolean)
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!
    if (!net.isIP(hop)) return peer // a malformed hop: the chain cannot be followed past it
    if (!proxies.trusts(hop)) return hop
  }
  return hops[0] ?? peer
}

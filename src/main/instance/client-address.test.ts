import { describe, expect, it } from 'vitest'
import { clientAddress, trustedProxies } from './client-address'

const request = (peer: string, forwardedFor?: string | string[]) => ({
  socket: { remoteAddress: peer } as never,
  headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
})

describe('the client address behind proxies', () => {
  const proxies = trustedProxies(['10.0.0.0/8', 'fd00::/8', '192.0.2.7'])

  it('is the peer itself when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddress(request('203.0.113.9', '198.51.100.1'), null)).toBe('203.0.113.9')
  })

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', () => {
    expect(clientAddress(request('203.0.113.9', '198.51.100.1'), proxies)).toBe('203.0.113.9')
  })

  it('takes the nearest untrusted hop from a trusted proxy, skipping the trusted ones of the chain', () => {
    expect(clientAddress(request('10.1.2.3', '198.51.100.1'), proxies)).toBe('198.51.100.1')
    expect(clientAddress(request('::ffff:10.1.2.3', '198.51.100.1, 10.9.9.9'), proxies)).toBe('198.51.100.1')
    expect(clientAddress(request('fd00::1', ['198.51.100.1', '192.0.2.7']), proxies)).toBe('198.51.100.1')
  })

  it('never believes what the client wrote to the left of the first untrusted hop', () => {
    // The client sent "X-Forwarded-For: 10.0.0.1" itself; the proxy appended the client's real address.
    expect(clientAddress(request('10.1.2.3', '10.0.0.1, 1.2.3.4, 198.51.100.1'), proxies)).toBe('198.51.100.1')
  })

  it('stops at a malformed hop and falls back to the proxy, and uses the peer when the header is absent', () => {
    expect(clientAddress(request('10.1.2.3', 'not-an-address'), proxies)).toBe('10.1.2.3')
    expect(clientAddress(request('10.1.2.3'), proxies)).toBe('10.1.2.3')
  })

  it('refuses what is not an address or CIDR range', () => {
    for (const bad of ['10.0.0.0/33', 'example.com', '10.0.0.0/8/1', 'fd00::/129', '10.0.0.0/x']) {
      expect(() => trustedProxies([bad]), bad).toThrow(/not an address or CIDR range/)
    }
  })
})

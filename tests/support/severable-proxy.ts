import net from 'node:net'
import type { AddressInfo } from 'node:net'

/**
 * A loopback TCP proxy in front of a server (PostgreSQL, in the tests) that can be severed: `sever()`
 * cuts every open connection and refuses new ones, as a server that went away or a network that
 * failed; `restore()` lets connections through again.
 */
export async function startSeverableProxy(target: { host?: string; port: number }) {
  let severed = false
  const sockets = new Set<net.Socket>()
  const server = net.createServer((client) => {
    if (severed) return void client.destroy()
    const upstream = net.connect(target.port, target.host ?? '127.0.0.1')
    sockets.add(client).add(upstream)
    client.on('close', () => sockets.delete(client))
    upstream.on('close', () => sockets.delete(upstream))
    client.pipe(upstream)
    upstream.pipe(client)
    client.on('error', () => upstream.destroy())
    upstream.on('error', () => client.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as AddressInfo).port,
    sever() {
      severed = true
      for (const socket of sockets) socket.destroy()
    },
    restore() {
      severed = false
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

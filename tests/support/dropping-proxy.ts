import net from 'node:net'
import type { AddressInfo } from 'node:net'

/**
 * A loopback TCP proxy in front of a server. `dropNextResponse()` makes it forward the next request
 * as usual but cut the client's connection as soon as the answer starts coming back: the server has
 * done the work, the client never hears of it (a dropped response).
 */
export async function startDroppingProxy(target: { port: number }) {
  let dropping = false
  let dropped = 0
  const sockets = new Set<net.Socket>()
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, '127.0.0.1')
    sockets.add(client).add(upstream)
    client.on('close', () => sockets.delete(client))
    upstream.on('close', () => sockets.delete(upstream))
    client.on('data', (chunk) => upstream.write(chunk))
    upstream.on('data', (chunk) => {
      if (dropping) {
        dropping = false
        dropped++
        client.destroy()
        upstream.destroy()
        return
      }
      client.write(chunk)
    })
    client.on('error', () => upstream.destroy())
    upstream.on('error', () => client.destroy())
    client.on('end', () => upstream.end())
    upstream.on('end', () => client.end())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    dropNextResponse() {
      dropping = true
    },
    get dropped() {
      return dropped
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

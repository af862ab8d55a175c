import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { tempBackend, tempRendererDir } from '../../../tests/support/temp-backend'
import { CliError } from '../cli/io'
import { parseConnectionLimits } from '../cli/serve-options'
import { startInstanceServer } from '../instance/instance-server'
import { defaultMaxConnections, serverTimeouts, type ConnectionLimits } from './connection-limits'
import { startShellServer } from './shell-server'

const running: { close(): Promise<void> }[] = []
const sockets: net.Socket[] = []
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy()
  await Promise.all(running.splice(0).map((server) => server.close()))
})

/** Every HTTP server the product starts, with the limits given. */
const servers = {
  instance: async (limits: ConnectionLimits) => {
    const server = await startInstanceServer({ services: tempBackend().services, rendererDir: tempRendererDir(), limits })
    running.push(server)
    return server.port
  },
  'browser shell': async (limits: ConnectionLimits) => {
    const server = await startShellServer({ services: tempBackend().services, rendererDir: tempRendererDir(), limits })
    running.push(server)
    return server.port
  },
}

interface Client {
  socket: net.Socket
  received: string
  closed: boolean
}

/** A raw connection that writes `first` once connected; what it receives and whether it was closed are kept. */
function connect(port: number, first = ''): Promise<Client> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1')
    sockets.push(socket)
    const client: Client = { socket, received: '', closed: false }
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => (client.received += chunk))
    socket.on('close', () => (client.closed = true))
    socket.on('error', () => {})
    socket.once('connect', () => {
      if (first) socket.write(first)
      resolve(client)
    })
    socket.once('error', reject)
  })
}

/** Waits for `condition`, checking every 50 ms, at most `ms`; answers whether it came true. */
async function within(ms: number, condition: () => boolean): Promise<boolean> {
  const deadline = Date.now() + ms
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
  return condition()
}

const head = (port: number) => `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`

const limits = (overrides: Partial<ConnectionLimits> = {}): ConnectionLimits => ({
  headersTimeoutMs: 1_000,
  requestTimeoutMs: 2_000,
  maxConnections: 1_000,
  ...overrides,
})

/** What the server's own checks add at most beyond a timeout, plus room for a loaded 2-core machine. */
const lateness = (l: ConnectionLimits) => Number(serverTimeouts(l).connectionsCheckingInterval) + 5_000

describe.each(Object.entries(servers))('the %s against slow clients', (_name, start) => {
  it('closes connections that never finish their headers once the headers timeout passes, and keeps answering others meanwhile', async () => {
    const l = limits()
    const port = await start(l)
    // Three hundred clients send a request line, then one more header line every 300 ms, forever.
    const slow = await Promise.all(Array.from({ length: 300 }, () => connect(port, head(port))))
    const drip = setInterval(() => slow.forEach((c) => c.closed || c.socket.write('X-Drip: 1\r\n')), 300)
    try {
      // Meanwhile an ordinary request is answered.
      const res = await fetch(`http://127.0.0.1:${port}/healthz`)
      expect(res.status).toBeLessThan(500)
      expect(await within(l.headersTimeoutMs + lateness(l), () => slow.every((c) => c.closed))).toBe(true)
    } finally {
      clearInterval(drip)
    }
    // Each was told why: 408, from the server's headers timeout.
    expect(new Set(slow.map((c) => c.received.split('\r\n')[0]))).toEqual(new Set(['HTTP/1.1 408 Request Timeout']))
  })

  it('cuts a request whose body trickles once the request timeout passes', async () => {
    const l = limits()
    const port = await start(l)
    const client = await connect(
      port,
      `POST /rpc/auth/status HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n`,
    )
    const drip = setInterval(() => client.closed || client.socket.write(' '), 100)
    try {
      expect(await within(l.requestTimeoutMs + lateness(l), () => client.closed)).toBe(true)
    } finally {
      clearInterval(drip)
    }
  })

  it('closes connections beyond the cap on arrival, and takes new ones once others have gone', async () => {
    const l = limits({ headersTimeoutMs: 30_000, requestTimeoutMs: 30_000, maxConnections: 5 })
    const port = await start(l)
    // Five kept-alive connections, each answered once (so the server has surely counted them).
    const open = await Promise.all(Array.from({ length: 5 }, () => connect(port, `${head(port)}\r\n`)))
    expect(await within(5_000, () => open.every((c) => c.received.startsWith('HTTP/1.1 ')))).toBe(true)
    const sixth = await connect(port, `${head(port)}\r\n`)
    expect(await within(5_000, () => sixth.closed)).toBe(true)
    expect(sixth.received).toBe('')
    expect(open.some((c) => c.closed)).toBe(false)

    for (const c of open) c.socket.destroy()
    expect(await within(5_000, () => open.every((c) => c.closed))).toBe(true)
    let answered = false
    // The server notices the closes asynchronously: a new connection is taken once it has.
    for (let attempt = 0; attempt < 50 && !answered; attempt++) {
      answered = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (res) => res.status < 500,
        () => false,
      )
      if (!answered) await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(answered).toBe(true)
  })
})

describe('connection limits from flags and the environment', () => {
  it('takes a flag over its environment variable, and the defaults when neither is given', () => {
    const env = { SWITCHBOARD_HEADERS_TIMEOUT: '20', SWITCHBOARD_REQUEST_TIMEOUT: '40', SWITCHBOARD_MAX_CONNECTIONS: '500' }
    expect(parseConnectionLimits({ 'headers-timeout': '10' }, env)).toEqual({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 40_000,
      maxConnections: 500,
    })
    expect(parseConnectionLimits({}, {})).toEqual({
      headersTimeoutMs: 15_000,
      requestTimeoutMs: 30_000,
      maxConnections: defaultMaxConnections(),
    })
    // Node's own check of the timeouts runs every third of the shorter one: at most 5 s late by default.
    expect(serverTimeouts(parseConnectionLimits({}, {})).connectionsCheckingInterval).toBe(5_000)
  })

  it('refuses values that are not whole positive numbers, naming the flag or variable, and a request timeout below the headers timeout', () => {
    const refusal = (values: Parameters<typeof parseConnectionLimits>[0], env: NodeJS.ProcessEnv = {}) => {
      try {
        parseConnectionLimits(values, env)
        return null
      } catch (error) {
        expect(error).toBeInstanceOf(CliError)
        return (error as CliError).message
      }
    }
    expect(refusal({ 'headers-timeout': '0' })).toBe('--headers-timeout must be a whole number from 1 to 3600, not "0".')
    expect(refusal({}, { SWITCHBOARD_MAX_CONNECTIONS: 'lots' })).toBe(
      'SWITCHBOARD_MAX_CONNECTIONS must be a whole number from 1 to 1000000, not "lots".',
    )
    expect(refusal({ 'request-timeout': '1.5' })).toContain('--request-timeout must be a whole number')
    expect(refusal({ 'headers-timeout': '60', 'request-timeout': '30' })).toBe(
      'The request timeout (30 s) must not be shorter than the headers timeout (60 s): a request includes its head.',
    )
  })

  it('fits the default cap to the open-file limit, leaving descriptors for the store and logs', () => {
    expect(defaultMaxConnections(1024)).toBe(768)
    expect(defaultMaxConnections(200)).toBe(64)
    expect(defaultMaxConnections(1_048_576)).toBe(10_000)
    expect(defaultMaxConnections(null)).toBe(1_000)
  })
})

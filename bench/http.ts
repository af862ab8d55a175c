import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { startShellServer, type ShellServer } from '../src/main/http/shell-server'
import type { Services } from '../src/main/services'

/** One keep-alive connection, as a browser tab holds to the console: every figure here uses this client. */
export function keepAliveClient(port: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  function post(pathname: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path: pathname,
          method: 'POST',
          agent,
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (chunk: Buffer) => chunks.push(chunk))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }))
          res.on('error', reject)
        },
      )
      req.on('error', reject)
      req.end(body)
    })
  }
  return { post, close: () => agent.destroy() }
}

/** The floor: a bare Node HTTP server on loopback that reads the body and answers 200 with a tiny JSON. */
export async function startFloorServer(): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end('{"json":null,"meta":[]}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

const SECRET = 'bench-shell-secret-0123456789abcdefghijklmnopqrstu'

export interface ShellConnection {
  shell: ShellServer
  /** The headers a signed-in browser tab sends with each RPC call, for the given session token. */
  headers(token: string): Record<string, string>
  /** The oRPC body for an input (RPC protocol: the JSON under `json`). */
  body(input: unknown): string
}

/** The browser shell server over the bench's services, with its per-run secret known to the bench. */
export async function startShell(services: Services, root: string): Promise<ShellConnection> {
  const shell = await startShellServer({ services, rendererDir: path.join(root, 'out', 'renderer'), secret: SECRET })
  return {
    shell,
    headers: (token) => ({
      'content-type': 'application/json',
      origin: shell.origin,
      cookie: `sb_shell_${shell.port}=${SECRET}; sb_session_${shell.port}=${token}`,
    }),
    body: (input) => JSON.stringify(input === undefined ? { meta: [] } : { json: input, meta: [] }),
  }
}

/**
 * Signs in to a running browser shell from its printed link, as the console does, and returns a
 * caller for its RPC operations (the bench's operator, one keep-alive connection).
 */
export async function signInToShell(link: string, email: string, password: string) {
  const url = new URL(link)
  const port = Number(url.port)
  const client = keepAliveClient(port)
  const opened = await new Promise<http.IncomingMessage>((resolve, reject) => http.get(link, resolve).on('error', reject))
  opened.resume()
  const cookies = new Map<string, string>()
  const remember = (setCookie: string[] | undefined) => {
    for (const line of setCookie ?? []) {
      const [pair] = line.split(';')
      const eq = pair!.indexOf('=')
      cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1))
    }
  }
  remember(opened.headers['set-cookie'])
  const headers = () => ({
    'content-type': 'application/json',
    origin: url.origin,
    cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
  })
  const signIn = await new Promise<http.IncomingMessage>((resolve, reject) => {
    const body = JSON.stringify({ json: { email, password }, meta: [] })
    const req = http.request(
      {
        host: url.hostname,
        port,
        path: '/rpc/auth/signIn',
        method: 'POST',
        headers: { ...headers(), 'content-length': Buffer.byteLength(body) },
      },
      resolve,
    )
    req.on('error', reject)
    req.end(body)
  })
  signIn.resume()
  if (signIn.statusCode !== 200) throw new Error(`sign-in to the started console answered ${signIn.statusCode}`)
  remember(signIn.headers['set-cookie'])
  return {
    call: async (operation: string, input: unknown) => {
      const res = await client.post(
        `/rpc/${operation}`,
        headers(),
        JSON.stringify(input === undefined ? { meta: [] } : { json: input, meta: [] }),
      )
      if (res.status !== 200) throw new Error(`${operation} answered ${res.status}: ${res.body.slice(0, 200)}`)
    },
    close: () => client.close(),
  }
}

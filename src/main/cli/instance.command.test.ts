import { spawn } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../tests/support/temp-backend'
import { lockFileIn } from '../data-lock'
import type { Io } from './io'
import { isLoopback } from '../instance/loopback'
import { main } from './main'

function fakeIo() {
  const out: string[] = []
  const err: string[] = []
  const io: Io = { out: (t) => void out.push(t), err: (t) => void err.push(t), env: {}, readStdinLine: async () => null }
  return { io, out, err }
}

const root = path.resolve(import.meta.dirname, '../../..')

describe('switchboard instance serve', () => {
  it('refuses plain HTTP on a non-loopback address, saying why and what to give instead', async () => {
    const dataDir = path.join(tempDir(), 'instance')
    const { io, err } = fakeIo()
    expect(await main(['instance', 'serve', '--data', dataDir, '--host', '0.0.0.0', '--port', '0'], io)).toBe(2)
    expect(err.join('')).toMatch(
      /Refusing to serve plain HTTP on 0\.0\.0\.0: .*passwords and session tokens.*--tls-cert FILE --tls-key FILE.*--insecure-http/s,
    )
    // Nothing was opened or created.
    expect(fs.existsSync(dataDir)).toBe(false)
  })

  it('asks for --public-url off loopback, where links and the allowed origin cannot be guessed', async () => {
    const dataDir = path.join(tempDir(), 'instance')
    const { io, err } = fakeIo()
    const argv = ['instance', 'serve', '--data', dataDir, '--host', '0.0.0.0', '--port', '0', '--insecure-http']
    expect(await main(argv, io)).toBe(2)
    expect(err.join('')).toMatch(/--public-url is required with --host 0\.0\.0\.0/)
    expect(fs.existsSync(dataDir)).toBe(false)
  })

  it('tells loopback addresses from the others', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', 'localhost'].every(isLoopback)).toBe(true)
    expect(['0.0.0.0', '10.0.0.5', '::', 'switchboard.example.com'].some(isLoopback)).toBe(false)
  })

  it('refuses half a TLS configuration and a public URL that is not one', async () => {
    const { io, err } = fakeIo()
    expect(await main(['instance', 'serve', '--data', tempDir(), '--tls-cert', 'cert.pem'], io)).toBe(2)
    expect(await main(['instance', 'serve', '--data', tempDir(), '--public-url', 'ftp://x'], io)).toBe(2)
    expect(err.join('')).toMatch(/--tls-cert and --tls-key go together.*--public-url must be an http\(s\) URL/s)
  })

  it('on SIGTERM finishes the request in flight, then closes the store and exits 0', async () => {
    const dataDir = tempDir()
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'src/main/cli/index.ts'), 'instance', 'serve', '--data', dataDir, '--port', '0'],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    let stderr = ''
    let stdout = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    const said = (pattern: RegExp) =>
      new Promise<RegExpMatchArray>((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(stderr)
          if (match) resolve(match)
        }
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString()
          check()
        })
        child.on('exit', () => reject(new Error(`the instance exited; it said: ${stderr}`)))
        check()
      })
    try {
      const [, port] = await said(/URL: +http:\/\/127\.0\.0\.1:(\d+)/)
      // A call whose body is only half sent when SIGTERM arrives: it is in flight.
      const body = JSON.stringify({})
      const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port: Number(port),
            method: 'POST',
            path: '/rpc/auth/status',
            headers: { 'content-type': 'application/json', 'content-length': body.length, 'x-switchboard-session': 'bearer' },
          },
          (res) => {
            let text = ''
            res.on('data', (c: Buffer) => (text += c.toString()))
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
          },
        )
        req.on('error', reject)
        req.write(body.slice(0, 5))
        req.on('socket', (socket) =>
          socket.on('connect', () => {
            child.kill('SIGTERM')
            void said(/Stopping: finishing requests in flight/).then(() => req.end(body.slice(5)))
          }),
        )
      })
      const { status, text } = await answer
      expect(status).toBe(200)
      expect(JSON.parse(text)).toMatchObject({ json: { needsSetup: true } })
      expect(await exited).toBe(0)
      expect(stderr).toMatch(/Switchboard instance stopped/)
      expect(fs.existsSync(lockFileIn(dataDir))).toBe(false)
      // One JSON log line for that request: method, path, status, duration; nothing else of it.
      const lines = stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>)
      expect(lines.find((l) => l.path === '/rpc/auth/status')).toMatchObject({ method: 'POST', status: 200, ms: expect.any(Number) })
    } finally {
      child.kill('SIGKILL')
    }
  })
})

import { createORPCClient } from '@orpc/client'
import { RPCLink } from '@orpc/client/message-port'
import { describe, expect, it } from 'vitest'
import type { SwitchboardClient } from '../../shared/contract'
import { toAppError } from '../../shared/errors'
import { OPERATOR, tempBackend } from '../../../tests/support/temp-backend'
import { createPortServer } from './port-server'

/** What the renderer does in the desktop app: a MessageChannel, one end served by the main process. */
function connect(server: ReturnType<typeof createPortServer>, windowId: number, isNew?: boolean): SwitchboardClient {
  const { port1, port2 } = new MessageChannel()
  const served = server.serve(port2, windowId)
  if (isNew !== undefined) expect(served).toBe(isNew)
  port1.start()
  return createORPCClient(new RPCLink({ port: port1 }))
}

describe('the desktop transport (MessagePort)', () => {
  it('parses input at the boundary: VALIDATION with field paths, and nothing written', async () => {
    const backend = tempBackend()
    const client = connect(createPortServer(backend.services), 1)
    const error = await client.auth
      .setup({ organisation: { name: 'Northwind', slug: '-Bad Slug-' }, admin: { name: '', email: 'nope', password: 'short' } })
      .then(() => null, toAppError)
    expect(error?.code).toBe('VALIDATION')
    expect(Object.keys(error?.fields ?? {}).sort()).toEqual(['admin.email', 'admin.name', 'admin.password', 'organisation.slug'])
    const written = await backend.engine.read(async ({ db, t }) => [
      ...(await db.select().from(t.organisations)),
      ...(await db.select().from(t.users)),
    ])
    expect(written).toEqual([])
  })

  it('keeps one session per window in the main process, across reloads, never in the renderer', async () => {
    const backend = tempBackend()
    const server = createPortServer(backend.services)
    const first = connect(server, 1, true)
    await first.auth.setup(OPERATOR)
    expect(server.has(1)).toBe(true)
    // A reload opens a new port for the same window: still signed in.
    expect((await connect(server, 1, false).auth.me())?.user.email).toBe(OPERATOR.admin.email)
    // Another window has its own (empty) session.
    const other = connect(server, 2, true)
    expect(await other.auth.me()).toBeNull()
    expect((await other.users.list({}).then(() => null, toAppError))?.code).toBe('UNAUTHENTICATED')
    // Signing out ends it for that window only.
    await first.auth.signOut()
    expect(await connect(server, 1).auth.me()).toBeNull()
    expect(server.has(1)).toBe(false)
    // A closed window is forgotten: its session and its slot (a window with that id is new again).
    await connect(server, 2).auth.signIn({ email: OPERATOR.admin.email, password: OPERATOR.admin.password })
    expect(server.has(2)).toBe(true)
    server.forget(2)
    expect(server.has(2)).toBe(false)
    expect(await connect(server, 2, true).auth.me()).toBeNull()
  })
})

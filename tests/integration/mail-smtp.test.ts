import { afterEach, expect, it } from 'vitest'
import { startSmtpCapture } from '../support/smtp-capture'
import { linkToken, PASSWORD, seedOperator } from '../support/seed'
import { backendOn, describeEngines } from '../support/engines'

let server: Awaited<ReturnType<typeof startSmtpCapture>> | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function startSmtp(port?: number) {
  server = await startSmtpCapture({ port })
  return server
}

describeEngines('mail over SMTP', (engine) => {
  it('delivers the invitation with text and HTML parts, and its link registers the invitee', async () => {
    const smtp = await startSmtp()
    const backend = await backendOn(engine, {
      smtpUrl: smtp.url,
      mailFrom: 'Switchboard <ops@northwind.test>',
      publicUrl: 'https://console.northwind.test',
    })
    const op = await seedOperator(backend)
    const result = await backend.services.invitations.create(op.actor, { email: 'new.agent@example.test', role: 'AGENT' })
    expect(result.delivery).toEqual({ to: 'new.agent@example.test', via: 'smtp' })
    expect(smtp.received).toHaveLength(1)
    const mail = smtp.received[0]!
    expect(mail.subject).toBe("You're invited to Northwind MSP on Switchboard")
    expect(mail.from?.text).toContain('ops@northwind.test')
    expect(mail.text).toContain('https://console.northwind.test/#/register/')
    expect(mail.html).toContain('https://console.northwind.test/#/register/')
    // Nothing is kept locally when SMTP delivered it.
    expect(await backend.engine.read(({ db, t }) => db.select().from(t.outbox))).toHaveLength(0)

    const token = linkToken(mail.text!)
    expect((await backend.services.invitations.inspect(token, 'test')).email).toBe('new.agent@example.test')
    await backend.services.invitations.register(token, { name: 'Nia Agent', password: PASSWORD }, 'test')
    await expect(backend.services.auth.signIn('new.agent@example.test', PASSWORD)).resolves.toBeTruthy()
  })

  it('records a failed send on the invitation with the reason, and Resend delivers it later', async () => {
    const smtp = await startSmtp()
    const port = Number(new URL(smtp.url).port)
    await server!.close()
    server = undefined
    const backend = await backendOn(engine, { smtpUrl: `smtp://127.0.0.1:${port}`, mailFrom: 'ops@northwind.test' })
    const op = await seedOperator(backend)
    const failed = await backend.services.invitations.create(op.actor, { email: 'new.agent@example.test', role: 'AGENT' })
    expect(failed.delivery).toBeNull()
    expect(failed.invitation.sendError).toMatch(/The mail server did not accept the message: .*ECONNREFUSED/)
    expect(await backend.services.invitations.list(op.actor)).toMatchObject([
      { email: 'new.agent@example.test', sendError: expect.any(String) },
    ])

    // The mail server comes back on the same port; Resend now delivers.
    const { received } = await startSmtp(port)
    const resent = await backend.services.invitations.resend(op.actor, failed.invitation.id)
    expect(resent.delivery?.via).toBe('smtp')
    expect(resent.invitation.sendError).toBeNull()
    expect(received).toHaveLength(1)
  })

  it('keeps a reset mail that SMTP refused out of anyone’s hands and says why', async () => {
    const smtp = await startSmtp()
    await server!.close()
    server = undefined
    const backend = await backendOn(engine, { smtpUrl: smtp.url, mailFrom: 'ops@northwind.test' })
    const op = await seedOperator(backend)
    await expect(backend.services.users.sendPasswordReset(op.actor, op.userId)).rejects.toMatchObject({ code: 'UNAVAILABLE' })
  })
})

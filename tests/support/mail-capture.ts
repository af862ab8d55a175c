import type { AddressInfo } from 'node:net'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll } from 'vitest'
import type { InstanceConfig } from '../../src/main/config'
import { linkToken } from './seed'

/** A real SMTP server on loopback (any free port, or the one given) that keeps what it receives, parsed. */
export async function startSmtpCapture(port = 0): Promise<{ url: string; received: ParsedMail[]; close(): Promise<void> }> {
  const received: ParsedMail[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push(mail)
          callback()
        })
        .catch(callback)
    },
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  const bound = (server.server.address() as AddressInfo).port
  return { url: `smtp://127.0.0.1:${bound}`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

/**
 * One SMTP capture for the test file (started before its tests, closed after): the way a real
 * recipient gets links, since the Outbox keeps no links outside demo tenancies.
 */
export function useMailCapture() {
  let smtp: Awaited<ReturnType<typeof startSmtpCapture>> | undefined
  beforeAll(async () => {
    smtp = await startSmtpCapture()
  })
  afterAll(() => smtp?.close())
  const started = () => {
    if (!smtp) throw new Error('the SMTP capture starts in beforeAll; use it inside tests')
    return smtp
  }
  return {
    /** Instance settings that send mail to this capture. */
    config: (): InstanceConfig => ({ smtpUrl: started().url, mailFrom: 'Switchboard <no-reply@switchboard.test>' }),
    /** The newest message received, and the link token it carries. */
    last() {
      const mail = started().received.at(-1)
      if (!mail) throw new Error('no mail was received')
      const text = mail.text ?? ''
      return {
        mail: { to: mail.to && !Array.isArray(mail.to) ? mail.to.text : '', subject: mail.subject ?? '', text, html: String(mail.html) },
        token: linkToken(text),
      }
    },
    received: () => started().received,
  }
}

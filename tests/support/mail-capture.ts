import { afterAll, beforeAll } from 'vitest'
import type { InstanceConfig } from '../../src/main/config'
import { linkToken } from './seed'
import { startSmtpCapture } from './smtp-capture'

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

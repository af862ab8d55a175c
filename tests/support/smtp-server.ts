import { afterEach } from 'vitest'
import { startSmtpCapture } from './smtp-capture'

const running: (() => Promise<void>)[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((close) => close()))
})

/** An SMTP capture on loopback (see startSmtpCapture), closed after the test. */
export async function smtpServer(login?: { user: string; password: string }) {
  const smtp = await startSmtpCapture({ login })
  running.push(smtp.close)
  return smtp
}

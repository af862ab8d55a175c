import { randomUUID } from 'node:crypto'
import nodemailer, { type Transporter } from 'nodemailer'
import type { Delivery } from '../../shared/contract'
import { AppError, ErrorCode, ErrorReason } from '../../shared/errors'
import type { Clock } from '../clock'
import type { InstanceConfig } from '../config'
import type { Db } from '../db/store'
import { insertMail } from '../features/outbox/outbox.repository'
import type { RenderedMail } from './templates'

interface OutgoingMail extends RenderedMail {
  tenantId: string
  to: string
  /** Demo tenancies' mail never leaves the machine, and only theirs is kept with its link. */
  localOnly: boolean
  /** Kept in the Outbox for SUPER_ADMIN eyes only (see the outbox table). */
  superAdminOnly?: boolean
}

/**
 * The one seam that says whether (and where) mail can be sent: the SMTP URL, or undefined when
 * email is not configured. Read at every send, so settings changed while running apply at once;
 * Email settings stored elsewhere (database + keychain) plug in here.
 */
export type SmtpUrlSource = () => string | undefined

export const fromEnvironment =
  (config: InstanceConfig): SmtpUrlSource =>
  () =>
    config.smtpUrl

export const NOT_SENT = 'Not sent: email is not configured.'
const NOT_SENT_DETAIL = `${NOT_SENT} Configure email, then use Resend (or send the reset again): a fresh link goes out, and no link was kept here.`

/**
 * Sends over SMTP where configured. A demo tenancy's mail is kept in the local Outbox with its link
 * (the offline demo needs it). Anything else that cannot be sent is recorded in the Outbox as "not
 * sent" with recipient and subject only — never its link, which would let whoever reads the Outbox
 * (any ADMIN) register or reset in the recipient's place — and refused with UNAVAILABLE, as is a
 * message the SMTP server did not accept (its reason, never the message body).
 */
export function createMailer(db: Db, clock: Clock, config: InstanceConfig, smtpUrl: SmtpUrlSource = fromEnvironment(config)) {
  const transports = new Map<string, Transporter>()
  const transportFor = (url: string) => transports.get(url) ?? transports.set(url, nodemailer.createTransport(url)).get(url)!

  function keep(mail: OutgoingMail, body: { text: string; html: string }): void {
    insertMail(db, {
      id: randomUUID(),
      tenantId: mail.tenantId,
      to: mail.to,
      subject: mail.subject,
      ...body,
      superAdminOnly: mail.superAdminOnly ?? false,
      createdAt: clock.now(),
    })
  }

  return {
    async send(mail: OutgoingMail): Promise<Delivery> {
      if (mail.localOnly) {
        keep(mail, { text: mail.text, html: mail.html })
        return { to: mail.to, via: 'outbox' }
      }
      const url = smtpUrl()
      if (!url) {
        keep(mail, { text: NOT_SENT_DETAIL, html: '' })
        throw new AppError(ErrorCode.UNAVAILABLE, NOT_SENT_DETAIL, undefined, { reason: ErrorReason.EMAIL_NOT_CONFIGURED })
      }
      try {
        await transportFor(url).sendMail({ from: config.mailFrom, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html })
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error)
        throw new AppError(ErrorCode.UNAVAILABLE, `The mail server did not accept the message: ${reason}`)
      }
      return { to: mail.to, via: 'smtp' }
    },
  }
}

export type Mailer = ReturnType<typeof createMailer>

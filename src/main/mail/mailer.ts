import { randomUUID } from 'node:crypto'
import nodemailer from 'nodemailer'
import type { Delivery } from '../../shared/contract'
import { AppError, ErrorCode } from '../../shared/errors'
import type { Clock } from '../clock'
import type { InstanceConfig } from '../config'
import type { Db } from '../db/store'
import { insertMail } from '../features/outbox/outbox.repository'
import type { RenderedMail } from './templates'

interface OutgoingMail extends RenderedMail {
  tenantId: string
  to: string
  /** Demo tenancies' mail never leaves the machine. */
  localOnly: boolean
  /** Kept in the Outbox for SUPER_ADMIN eyes only (see the outbox table). */
  superAdminOnly?: boolean
}

/**
 * Sends over SMTP where configured, otherwise keeps the message in the local Outbox.
 * A failed SMTP send throws UNAVAILABLE with the server's reason (never the message body).
 */
export function createMailer(db: Db, clock: Clock, config: InstanceConfig) {
  const transport = config.smtpUrl ? nodemailer.createTransport(config.smtpUrl) : null

  return {
    async send(mail: OutgoingMail): Promise<Delivery> {
      if (transport && !mail.localOnly) {
        try {
          await transport.sendMail({ from: config.mailFrom, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html })
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error)
          throw new AppError(ErrorCode.UNAVAILABLE, `The mail server did not accept the message: ${reason}`)
        }
        return { to: mail.to, via: 'smtp' }
      }
      insertMail(db, {
        id: randomUUID(),
        tenantId: mail.tenantId,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        superAdminOnly: mail.superAdminOnly ?? false,
        createdAt: clock.now(),
      })
      return { to: mail.to, via: 'outbox' }
    },
  }
}

export type Mailer = ReturnType<typeof createMailer>

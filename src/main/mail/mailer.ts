import { randomUUID } from 'node:crypto'
import nodemailer, { type Transporter } from 'nodemailer'
import type { Delivery } from '../../shared/contract'
import { AppError, ErrorCode, ErrorReason } from '../../shared/errors'
import type { Clock } from '../clock'
import { DEFAULT_MAIL_FROM, type InstanceConfig } from '../config'
import type { Engine } from '../db/engine'
import { insertMail } from '../features/outbox/outbox.repository'
import { findEmailSettings } from '../features/settings/settings.repository'
import type { SecretStore } from '../secrets/keychain'
import type { RenderedMail } from './templates'

interface OutgoingMail extends RenderedMail {
  tenantId: string
  to: string
  /** Demo tenancies' mail never leaves the machine, and only theirs is kept with its link. */
  localOnly: boolean
  /** Kept in the Outbox for SUPER_ADMIN eyes only (see the outbox table). */
  superAdminOnly?: boolean
}

/** An SMTP server mail can go out through now, and the sender to use. */
export interface MailRoute {
  transport: Transporter
  from: string
}

/** Bounds on one conversation with the server, so a wrong host fails in seconds rather than minutes. */
const TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 }

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error))

/** What the Outbox records for mail that could not go out: recipient and subject, never the link. */
export const NOT_SENT = 'Not sent: email is not configured.'
const NOT_SENT_DETAIL = `${NOT_SENT} Configure email, then use Resend (or send the reset again): a fresh link goes out, and no link was kept here.`

/**
 * Sends over SMTP where configured. A demo tenancy's mail is kept in the local Outbox with its link
 * (the offline demo needs it). Anything else that cannot be sent is recorded in the Outbox as "not
 * sent" with recipient and subject only — never its link, which would let whoever reads the Outbox
 * (any ADMIN) register or reset in the recipient's place — and refused with UNAVAILABLE, as is a
 * message the SMTP server did not accept (its reason, never the message body).
 */
export function createMailer(engine: Engine, clock: Clock, config: InstanceConfig, secrets: SecretStore) {
  /**
   * How mail goes out right now — the one place that decides: SWITCHBOARD_SMTP_URL if set, else
   * Settings → Email with its password (SWITCHBOARD_SMTP_PASSWORD, else the OS keychain), else
   * null: no SMTP server, so mail stays on this machine. Read per message, so a saved change applies
   * to the next one without a restart.
   */
  async function route(): Promise<MailRoute | null> {
    const stored = await engine.read(findEmailSettings)
    const from = config.mailFrom ?? stored?.fromAddress ?? DEFAULT_MAIL_FROM
    if (config.smtpUrl) return { transport: nodemailer.createTransport({ url: config.smtpUrl, ...TIMEOUTS }), from }
    if (!stored) return null
    let password = config.smtpPassword ?? null
    if (password === null && stored.passwordAccount) {
      try {
        password = await secrets.get(stored.passwordAccount)
      } catch (error) {
        throw new AppError(ErrorCode.UNAVAILABLE, `The SMTP password could not be read from the OS keychain: ${reasonOf(error)}`)
      }
    }
    const transport = nodemailer.createTransport({
      host: stored.host,
      port: stored.port,
      secure: stored.security === 'tls',
      requireTLS: stored.security === 'starttls',
      ignoreTLS: stored.security === 'none',
      auth: stored.username && password ? { user: stored.username, pass: password } : undefined,
      ...TIMEOUTS,
    })
    return { transport, from }
  }

  /** Keeps a message in the Outbox (joining the caller's transaction, should it be called inside one). */
  async function keep(mail: OutgoingMail, body: { text: string; html: string }): Promise<void> {
    await engine.transaction((conn) =>
      insertMail(conn, {
        id: randomUUID(),
        tenantId: mail.tenantId,
        to: mail.to,
        subject: mail.subject,
        ...body,
        superAdminOnly: mail.superAdminOnly ?? false,
        createdAt: clock.now(),
      }),
    )
  }

  return {
    route,

    /** Where `route` takes its server from, without opening anything: for Settings → Email to show. */
    async smtpSource(): Promise<'environment' | 'settings' | null> {
      if (config.smtpUrl) return 'environment'
      return (await engine.read(findEmailSettings)) ? 'settings' : null
    },

    async send(mail: OutgoingMail): Promise<Delivery> {
      if (mail.localOnly) {
        await keep(mail, { text: mail.text, html: mail.html })
        return { to: mail.to, via: 'outbox' }
      }
      const smtp = await route()
      if (!smtp) {
        await keep(mail, { text: NOT_SENT_DETAIL, html: '' })
        throw new AppError(ErrorCode.UNAVAILABLE, NOT_SENT_DETAIL, undefined, { reason: ErrorReason.EMAIL_NOT_CONFIGURED })
      }
      try {
        await smtp.transport.sendMail({ from: smtp.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html })
      } catch (error) {
        throw new AppError(ErrorCode.UNAVAILABLE, `The mail server did not accept the message: ${reasonOf(error)}`)
      }
      return { to: mail.to, via: 'smtp' }
    },

    /** Settings → Email's test: one short message the way mail goes out now; the server's answer or error, as text. */
    async sendTest(to: string): Promise<{ ok: boolean; message: string }> {
      let smtp: MailRoute | null
      try {
        smtp = await route()
      } catch (error) {
        return { ok: false, message: reasonOf(error) }
      }
      if (!smtp) return { ok: false, message: 'No SMTP server is configured: mail is kept in the local Outbox.' }
      try {
        const info = (await smtp.transport.sendMail({
          from: smtp.from,
          to,
          subject: 'Switchboard test email',
          text: 'This is a test email from Switchboard (Settings → Email). Mail from this console reaches you.',
        })) as { response?: string }
        return { ok: true, message: info.response ?? 'Accepted by the mail server.' }
      } catch (error) {
        return { ok: false, message: reasonOf(error) }
      }
    },
  }
}

export type Mailer = ReturnType<typeof createMailer>

import { randomUUID } from 'node:crypto'
import { INSTANCE_ADMINS } from '../../../shared/access'
import { PasswordSource, type EmailSettings, type EmailSettingsInput, type TestEmailResult } from '../../../shared/contract'
import { AppError, ErrorCode, ErrorReason } from '../../../shared/errors'
import type { Clock } from '../../clock'
import type { InstanceConfig } from '../../config'
import type { Engine } from '../../db/engine'
import type { Mailer } from '../../mail/mailer'
import { probeKeychain, type SecretStore } from '../../secrets/keychain'
import { requireRole } from '../access'
import { AuditResult } from '../audit/audit.repository'
import { mutate, recordAction } from '../audit/mutation'
import type { Actor } from '../auth/auth.service'
import { findUserById } from '../users/users.repository'
import { deleteEmailSettings, findEmailSettings, saveEmailSettings } from './settings.repository'

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error))

/**
 * Settings → Email. The server, sender and user name are kept in the store; the password only in
 * the OS keychain (under a random account the row names), or for this run only in
 * SWITCHBOARD_SMTP_PASSWORD. No response, log or audit row ever carries it.
 */
export function createEmailSettingsService(
  engine: Engine,
  clock: Clock,
  config: InstanceConfig,
  secrets: SecretStore,
  mailer: Pick<Mailer, 'sendTest' | 'smtpSource'>,
) {
  const superAdminOnly = (actor: Actor, what: string) => requireRole(actor, INSTANCE_ADMINS, what)

  /** Whether the keychain holds the stored password; a keychain that cannot answer holds none. */
  async function inKeychain(account: string | null): Promise<boolean> {
    if (!account) return false
    try {
      return (await secrets.get(account)) !== null
    } catch {
      return false
    }
  }

  async function current(): Promise<EmailSettings> {
    const row = await engine.read(findEmailSettings)
    const [probe, keychainHasIt, smtp] = await Promise.all([
      probeKeychain(secrets),
      inKeychain(row?.passwordAccount ?? null),
      mailer.smtpSource(),
    ])
    const source = config.smtpPassword ? PasswordSource.ENVIRONMENT : keychainHasIt ? PasswordSource.KEYCHAIN : null
    return {
      stored: row
        ? { host: row.host, port: row.port, security: row.security, user: row.username, from: row.fromAddress, updatedAt: row.updatedAt }
        : null,
      passwordSet: source !== null,
      passwordSource: source,
      overriddenBy: { smtp: !!config.smtpUrl, from: !!config.mailFrom },
      delivery: smtp ? 'smtp' : 'outbox',
      keychain: probe.available ? { available: true, reason: null } : { available: false, reason: probe.reason },
    }
  }

  /** Puts the password in the keychain, or says clearly why this machine cannot keep it. */
  async function storePassword(account: string, password: string): Promise<void> {
    try {
      await secrets.set(account, password)
    } catch (error) {
      const message =
        `This computer has no usable OS keychain (${reasonOf(error)}), so Switchboard cannot keep the SMTP password. ` +
        'Save the other settings without it and start Switchboard with SWITCHBOARD_SMTP_PASSWORD set instead.'
      throw new AppError(
        ErrorCode.UNAVAILABLE,
        message,
        { password: 'No OS keychain on this computer' },
        { reason: ErrorReason.KEYCHAIN_UNAVAILABLE },
      )
    }
  }

  /** A password leaves the keychain once the store no longer names it (a keychain that cannot answer keeps it). */
  async function forget(account: string | null): Promise<void> {
    if (account) await secrets.delete(account).catch(() => false)
  }

  return {
    async get(actor: Actor): Promise<EmailSettings> {
      superAdminOnly(actor, 'see the email settings')
      return current()
    },

    async save(actor: Actor, input: EmailSettingsInput): Promise<EmailSettings> {
      superAdminOnly(actor, 'change the email settings')
      const before = await engine.read(findEmailSettings)
      let passwordAccount = before?.passwordAccount ?? null
      if (typeof input.password === 'string') {
        // One random account per store, so two data directories on one machine never share a password.
        passwordAccount ??= `smtp-password-${randomUUID()}`
        await storePassword(passwordAccount, input.password)
      } else if (input.password === null) {
        passwordAccount = null
      }
      // The keychain first (slow, and not the database's to roll back), then the row that names it.
      await mutate(engine, clock, actor, 'settings.save-email', async (conn) => {
        await saveEmailSettings(conn, {
          host: input.host,
          port: input.port,
          security: input.security,
          username: input.user,
          fromAddress: input.from,
          passwordAccount,
          updatedAt: clock.now(),
          updatedBy: actor.userId,
        })
        return { target: 'email', value: undefined }
      })
      if (input.password === null) await forget(before?.passwordAccount ?? null)
      return current()
    },

    /** Back to no SMTP server (mail stays in the Outbox); the password leaves the keychain too. */
    async clear(actor: Actor): Promise<EmailSettings> {
      superAdminOnly(actor, 'change the email settings')
      const before = await engine.read(findEmailSettings)
      await mutate(engine, clock, actor, 'settings.clear-email', async (conn) =>
        (await deleteEmailSettings(conn)) ? { target: 'email', value: undefined } : null,
      )
      await forget(before?.passwordAccount ?? null)
      return current()
    },

    /** Sends a test message (to the caller unless told otherwise) and reports the server's answer; on record either way. */
    async sendTest(actor: Actor, to?: string): Promise<TestEmailResult> {
      superAdminOnly(actor, 'send a test email')
      const recipient = to ?? (await engine.read((conn) => findUserById(conn, actor.userId)))?.email
      if (!recipient) throw new AppError(ErrorCode.VALIDATION, 'Enter the address to send the test to.', { to: 'Required' })
      const answer = await mailer.sendTest(recipient)
      await recordAction(engine, clock, actor, 'settings.send-test-email', recipient, answer.ok ? AuditResult.OK : AuditResult.FAILED)
      return { ...answer, to: recipient }
    },
  }
}

export type EmailSettingsService = ReturnType<typeof createEmailSettingsService>

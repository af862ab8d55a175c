import { eventIterator } from '@orpc/contract'
import * as z from 'zod'
import { emailSchema } from './common'
import { documented } from './operation-docs'

/** How the connection to the SMTP server is secured. */
export const SmtpSecurity = {
  /** Plain SMTP (a relay on the local network); the password crosses in clear. */
  NONE: 'none',
  /** Plain connection upgraded with STARTTLS, required (usually port 587). */
  STARTTLS: 'starttls',
  /** TLS from the first byte (usually port 465). */
  TLS: 'tls',
} as const
export type SmtpSecurity = (typeof SmtpSecurity)[keyof typeof SmtpSecurity]
export const SMTP_SECURITIES = [SmtpSecurity.NONE, SmtpSecurity.STARTTLS, SmtpSecurity.TLS] as const

/** Where the SMTP password in use comes from; never the password itself. */
export const PasswordSource = { KEYCHAIN: 'keychain', ENVIRONMENT: 'environment' } as const
export type PasswordSource = (typeof PasswordSource)[keyof typeof PasswordSource]

const hostSchema = z
  .string()
  .trim()
  .min(1, 'Enter the SMTP server')
  .max(253, 'Host name is too long')
  .regex(/^[A-Za-z0-9.\-:[\]]+$/, 'Enter a host name or IP address')

/** Control characters (CR and LF above all) have no place in a mail header or a login. */
// eslint-disable-next-line no-control-regex
const noControl = (text: string) => !/[\u0000-\u001f\u007f]/.test(text)

/** Settings → Email as saved. `password`: absent keeps the saved one, null removes it, text replaces it. */
export const emailSettingsInputSchema = z.object({
  host: hostSchema,
  port: z.number().int().min(1, 'Port is 1–65535').max(65535, 'Port is 1–65535'),
  security: z.enum(SMTP_SECURITIES),
  /** Blank = the server takes mail without signing in. */
  user: z.string().trim().max(254, 'User name is too long').refine(noControl, 'User name cannot contain control characters'),
  /** The sender, e.g. `Switchboard <no-reply@example.com>`. */
  from: z
    .string()
    .trim()
    .max(320, 'Sender is too long')
    .regex(/^[^@\s<>]+@[^@\s<>]+$|^[^<>]*<[^@\s<>]+@[^@\s<>]+>$/, 'Enter an address such as Switchboard <no-reply@example.com>')
    .refine(noControl, 'The sender cannot contain control characters'),
  password: z.string().min(1, 'Enter the password').max(1024, 'Password is too long').nullable().optional(),
})
export type EmailSettingsInput = z.input<typeof emailSettingsInputSchema>

export const emailSettingsSchema = z.object({
  /** What is saved in Settings → Email (null: nothing yet). The password is never returned. */
  stored: z
    .object({
      host: z.string(),
      port: z.number(),
      security: z.enum(SMTP_SECURITIES),
      user: z.string(),
      from: z.string(),
      updatedAt: z.date(),
    })
    .nullable(),
  /** Whether a password is there for the stored settings, and where it comes from. */
  passwordSet: z.boolean(),
  passwordSource: z.enum([PasswordSource.KEYCHAIN, PasswordSource.ENVIRONMENT]).nullable(),
  /**
   * Environment variables that override the stored settings: the screen locks those fields and
   * says why. `smtp` (SWITCHBOARD_SMTP_URL) replaces server, security, user and password.
   */
  overriddenBy: z.object({ smtp: z.boolean(), from: z.boolean() }),
  /** How mail goes out right now: over SMTP, or kept in the local Outbox. */
  delivery: z.enum(['smtp', 'outbox']),
  /** The OS keychain holds the password; where there is none, saving a password is refused. */
  keychain: z.object({ available: z.boolean(), reason: z.string().nullable() }),
})
export type EmailSettings = z.infer<typeof emailSettingsSchema>

export const testEmailResultSchema = z.object({
  ok: z.boolean(),
  to: z.string(),
  /** The server's answer (e.g. `250 2.0.0 Ok: queued`) or its error, to show the operator as is. */
  message: z.string(),
})
export type TestEmailResult = z.infer<typeof testEmailResultSchema>

/** Settings → Security: the instance-wide rule for SUPER_ADMINs' second factor, and where it comes from. */
export const securitySettingsSchema = z.object({
  superAdminSecondFactor: z.object({
    /** Every SUPER_ADMIN must have a second factor: one without can only set it up after the password. */
    required: z.boolean(),
    /** `environment`: SWITCHBOARD_SUPER_ADMIN_SECOND_FACTOR fixes it on the server, and the console cannot change it. */
    setBy: z.enum(['console', 'environment']),
  }),
})
export type SecuritySettings = z.infer<typeof securitySettingsSchema>

export const settingsContract = {
  getSecurity: documented({
    summary: 'Security settings',
    description:
      'Settings → Security (SUPER_ADMIN): whether every SUPER_ADMIN must have a second factor, and whether the server’s environment (SWITCHBOARD_SUPER_ADMIN_SECOND_FACTOR) fixes it.',
    errors: ['FORBIDDEN'],
  })
    .input(z.void())
    .output(securitySettingsSchema),
  setSuperAdminSecondFactor: documented({
    summary: 'Require a second factor of every SUPER_ADMIN',
    description:
      'Turns the instance-wide rule on or off (SUPER_ADMIN, after a step-up: reason `STEP_UP_REQUIRED`). While it is on, a SUPER_ADMIN without a second factor can only set one up (reason `SECOND_FACTOR_ENROLMENT_REQUIRED` for everything else) — the caller too. 409 with reason `SET_BY_ENVIRONMENT` while SWITCHBOARD_SUPER_ADMIN_SECOND_FACTOR fixes it on the server.',
    errors: ['FORBIDDEN', 'CONFLICT'],
  })
    .input(z.object({ required: z.boolean() }))
    .output(securitySettingsSchema),
  getEmail: documented({
    summary: 'Email settings',
    description:
      'Settings → Email (SUPER_ADMIN): the stored SMTP settings (never the password), environment overrides, and whether an OS keychain is there.',
    errors: ['FORBIDDEN'],
  })
    .input(z.void())
    .output(emailSettingsSchema),
  saveEmail: documented({
    summary: 'Save email settings',
    description:
      'Saves Settings → Email (SUPER_ADMIN); the password goes to the OS keychain, never the store. Without a keychain a password is refused (503, reason `KEYCHAIN_UNAVAILABLE`).',
    errors: ['FORBIDDEN', 'UNAVAILABLE'],
  })
    .input(emailSettingsInputSchema)
    .output(emailSettingsSchema),
  clearEmail: documented({
    summary: 'Remove email settings',
    description: 'Removes the stored SMTP server and its password (SUPER_ADMIN): mail is kept in the Outbox again.',
    errors: ['FORBIDDEN', 'UNAVAILABLE'],
  })
    .input(z.void())
    .output(emailSettingsSchema),
  sendTestEmail: documented({
    summary: 'Send a test email',
    description:
      "Sends a test email (SUPER_ADMIN) the way mail goes out right now; answers with the mail server's reply or error, as `ok` and `message`.",
    errors: ['FORBIDDEN'],
  })
    .input(z.object({ to: emailSchema.optional() }))
    .output(testEmailResultSchema),
}

export const backupFileSchema = z.object({
  /** A file name in the data directory's backups/ folder, chosen by the server. */
  name: z.string(),
  bytes: z.number(),
  createdAt: z.date(),
})
export type BackupFile = z.infer<typeof backupFileSchema>

export const backupEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), copied: z.number(), total: z.number() }),
  z.object({ type: z.literal('done'), backup: backupFileSchema }),
])
export type BackupEvent = z.infer<typeof backupEventSchema>

export const backupsContract = {
  list: documented({
    summary: 'List backups',
    description:
      'Settings → Backups (SUPER_ADMIN): the backups in the data directory, newest first, and how to restore one. An instance on PostgreSQL answers UNAVAILABLE: its database is backed up with pg_dump or point-in-time recovery.',
    errors: ['FORBIDDEN', 'UNAVAILABLE'],
  })
    .input(z.void())
    .output(z.object({ backups: z.array(backupFileSchema), restore: z.string() })),
  start: documented({
    summary: 'Back up now',
    description:
      'Backs the store up now (SUPER_ADMIN) into backups/, streaming progress as server-sent events, then the verified file. An instance on PostgreSQL answers UNAVAILABLE (see List backups).',
    errors: ['FORBIDDEN', 'UNAVAILABLE'],
  })
    .input(z.void())
    .output(eventIterator(backupEventSchema)),
}

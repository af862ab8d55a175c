/** The sender used when neither SWITCHBOARD_MAIL_FROM nor Settings → Email names one. */
export const DEFAULT_MAIL_FROM = 'Switchboard <no-reply@switchboard.invalid>'

/** Instance settings read from the environment at start-up (no secrets are ever printed). */
export interface InstanceConfig {
  /** e.g. smtp://user:pass@127.0.0.1:2525; overrides Settings → Email. Absent = the stored settings, if any. */
  smtpUrl?: string
  /** Overrides the stored sender; absent = the stored one, or DEFAULT_MAIL_FROM. */
  mailFrom?: string
  /**
   * The SMTP password for the stored settings where the machine has no OS keychain. Read once at
   * start, held in memory only; it takes precedence over a password in the keychain.
   */
  smtpPassword?: string
  /** Base of links in emails; absent = the host's own (browser shell URL, or switchboard://app). */
  publicUrl?: string
  /**
   * SWITCHBOARD_SUPER_ADMIN_SECOND_FACTOR (`required` or `optional`): whether every SUPER_ADMIN must
   * have a second factor, in place of the stored setting (Settings → Security) while it is set.
   */
  superAdminSecondFactor?: boolean
}

export const SUPER_ADMIN_SECOND_FACTOR_VARIABLE = 'SWITCHBOARD_SUPER_ADMIN_SECOND_FACTOR'

/** `required` / `optional` (also true/false, 1/0, on/off); anything else stops the start with the reason. */
function parseSecondFactorRule(value: string | undefined): boolean | undefined {
  if (value === undefined || value.trim() === '') return undefined
  const normal = value.trim().toLowerCase()
  if (['required', 'true', '1', 'on', 'yes'].includes(normal)) return true
  if (['optional', 'false', '0', 'off', 'no'].includes(normal)) return false
  throw new Error(`${SUPER_ADMIN_SECOND_FACTOR_VARIABLE} must be "required" or "optional" (it is "${value}").`)
}

export function readInstanceConfig(env: NodeJS.ProcessEnv): InstanceConfig {
  return {
    smtpUrl: env.SWITCHBOARD_SMTP_URL || undefined,
    mailFrom: env.SWITCHBOARD_MAIL_FROM || undefined,
    smtpPassword: env.SWITCHBOARD_SMTP_PASSWORD || undefined,
    publicUrl: env.SWITCHBOARD_PUBLIC_URL || undefined,
    superAdminSecondFactor: parseSecondFactorRule(env[SUPER_ADMIN_SECOND_FACTOR_VARIABLE]),
  }
}

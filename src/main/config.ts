/** Instance settings read from the environment at start-up (no secrets are ever printed). */
export interface InstanceConfig {
  /** e.g. smtp://user:pass@127.0.0.1:2525; absent = mail is kept in the local Outbox. */
  smtpUrl?: string
  mailFrom: string
  /** Base of links in emails; absent = the host's own (browser shell URL, or switchboard://app). */
  publicUrl?: string
}

export function readInstanceConfig(env: NodeJS.ProcessEnv): InstanceConfig {
  return {
    smtpUrl: env.SWITCHBOARD_SMTP_URL || undefined,
    mailFrom: env.SWITCHBOARD_MAIL_FROM || 'Switchboard <no-reply@switchboard.invalid>',
    publicUrl: env.SWITCHBOARD_PUBLIC_URL || undefined,
  }
}

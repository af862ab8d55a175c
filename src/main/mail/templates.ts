export interface RenderedMail {
  subject: string
  text: string
  html: string
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

function layout(title: string, paragraphs: string[], action: { label: string; url: string } | null, footer: string): string {
  const body = paragraphs.map((p) => `<p style="margin:0 0 16px">${escapeHtml(p)}</p>`).join('')
  const button = action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(action.url)}" style="background:#4c6ef5;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">${escapeHtml(action.label)}</a></p>
<p style="font-size:13px;color:#868e96">If the button does not work, copy this link into your browser:<br>${escapeHtml(action.url)}</p>`
    : ''
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1a1b1e;max-width:560px;margin:24px auto;padding:0 16px">
<h1 style="font-size:20px">${escapeHtml(title)}</h1>${body}${button}
<p style="font-size:13px;color:#868e96">${escapeHtml(footer)}</p></body></html>`
}

const dateTime = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC'

export function invitationMail(input: {
  organisation: string
  inviter: string
  role: string
  link: string
  expiresAt: Date
}): RenderedMail {
  const subject = `You're invited to ${input.organisation} on Switchboard`
  const lines = [
    `${input.inviter} has invited you to join ${input.organisation} on Switchboard as ${input.role.replace('_', ' ')}.`,
    `Register with the link below. It is valid for 7 days, until ${dateTime(input.expiresAt)}, and works once.`,
  ]
  const footer = 'If you did not expect this invitation, you can ignore this email.'
  return {
    subject,
    text: `${lines.join('\n\n')}\n\nRegister: ${input.link}\n\n${footer}\n`,
    html: layout(subject, lines, { label: 'Register', url: input.link }, footer),
  }
}

export function passwordResetMail(input: { name: string; link: string; expiresAt: Date }): RenderedMail {
  const subject = 'Reset your Switchboard password'
  const lines = [
    `Hello ${input.name},`,
    `An administrator asked Switchboard to send you a password reset link. It is valid for 1 hour, until ${dateTime(input.expiresAt)}, and works once.`,
  ]
  const footer = 'If you did not expect this, you can ignore this email: your password stays as it is.'
  return {
    subject,
    text: `${lines.join('\n\n')}\n\nSet a new password: ${input.link}\n\n${footer}\n`,
    html: layout(subject, lines, { label: 'Set a new password', url: input.link }, footer),
  }
}

/** Sent when someone signs in with one of the user's recovery codes: it holds no link, only what happened. */
export function secondFactorResetMail(input: { name: string; byName: string; at: Date }): RenderedMail {
  const subject = 'Your second factor for Switchboard was reset'
  const lines = [
    `Hello ${input.name},`,
    `An administrator, ${input.byName}, reset your second factor at ${dateTime(input.at)}: your authenticator app, your passkeys and your recovery codes no longer work, and you were signed out everywhere.`,
    'Sign in with your password: you will be asked to set up an authenticator app or add a passkey again on Your account before anything else. If you did not ask for this, tell your administrator at once.',
  ]
  const footer = 'This message was sent because an administrator reset your second factor; it needs no answer.'
  return { subject, text: `${lines.join('\n\n')}\n\n${footer}\n`, html: layout(subject, lines, null, footer) }
}

export function recoveryCodeUsedMail(input: { name: string; at: Date; left: number }): RenderedMail {
  const subject = 'A recovery code was used to sign in to Switchboard'
  const lines = [
    `Hello ${input.name},`,
    `Someone signed in to Switchboard as you at ${dateTime(input.at)} with one of your recovery codes instead of a code from your authenticator app. That code no longer works; ${input.left} of your recovery codes ${input.left === 1 ? 'is' : 'are'} left.`,
    'If that was you, make new recovery codes on Your account when you are down to a few. If it was not you, change your password and tell your administrator at once.',
  ]
  const footer = 'This message was sent because a recovery code was used; it needs no answer.'
  return { subject, text: `${lines.join('\n\n')}\n\n${footer}\n`, html: layout(subject, lines, null, footer) }
}

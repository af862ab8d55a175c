import type { PasskeyAssertion, PasskeyRegistration } from '../../../shared/contract'
import { AppError, ErrorCode } from '../../../shared/errors'

/**
 * Passkeys in this window: whether the browser can make and use them here, and the calls to do it
 * (@simplewebauthn/browser, loaded the first time a passkey is used: not in the first screen's code).
 */
export type PasskeySupport = { ok: true } | { ok: false; why: string }

export const PASSKEYS_NOT_IN_DESKTOP_APP =
  'Passkeys cannot be used in the desktop app: its window is not a web address a passkey can belong to (Electron allows passkeys only on https:// and http://localhost pages). Use an authenticator app here, or add and use passkeys in the console in a browser.'

/** Where this window is, and what passkeys can do there. */
export function passkeySupport(): PasskeySupport {
  const { protocol, hostname } = window.location
  if (protocol !== 'http:' && protocol !== 'https:') return { ok: false, why: PASSKEYS_NOT_IN_DESKTOP_APP }
  if (hostname === '127.0.0.1' || hostname === '[::1]') {
    return {
      ok: false,
      // No link: the console's key (?k=…) is in the link switchboard start printed, not on this page.
      why: 'Passkeys work only when the console is opened at localhost, not at 127.0.0.1. Open the link switchboard start printed (with its ?k= part) with 127.0.0.1 changed to localhost, and sign in there.',
    }
  }
  if (!window.isSecureContext || typeof window.PublicKeyCredential === 'undefined') {
    return {
      ok: false,
      why: 'This browser cannot use passkeys on this page (passkeys need https:// or localhost, and a browser that supports them).',
    }
  }
  return { ok: true }
}

/** What the browser said, as the console says it: a cancelled or timed-out prompt is not a fault. */
function asAppError(error: unknown): AppError {
  const name = error instanceof Error ? error.name : ''
  if (name === 'NotAllowedError' || name === 'AbortError') {
    return new AppError(ErrorCode.VALIDATION, 'The passkey prompt was closed or timed out. Nothing was changed: try again.')
  }
  if (name === 'InvalidStateError') {
    return new AppError(ErrorCode.CONFLICT, 'This authenticator holds one of your passkeys already. Use another authenticator.')
  }
  return new AppError(
    ErrorCode.VALIDATION,
    `The browser could not use a passkey: ${error instanceof Error ? error.message : String(error)}`,
  )
}

/** Asks the browser to make a passkey from registration options (`account.startPasskey`). */
export async function createPasskey(options: Record<string, unknown>): Promise<PasskeyRegistration> {
  const { startRegistration } = await import('@simplewebauthn/browser')
  try {
    // The browser's answer as JSON: the contract's shape (its extension results are a plain object).
    return (await startRegistration({ optionsJSON: options as never })) as unknown as PasskeyRegistration
  } catch (error) {
    throw asAppError(error)
  }
}

/** Asks the browser to sign a challenge with one of the user's passkeys (`auth.passkeyOptions`, `auth.stepUpPasskeyOptions`). */
export async function getPasskey(options: Record<string, unknown>): Promise<PasskeyAssertion> {
  const { startAuthentication } = await import('@simplewebauthn/browser')
  try {
    return (await startAuthentication({ optionsJSON: options as never })) as unknown as PasskeyAssertion
  } catch (error) {
    throw asAppError(error)
  }
}

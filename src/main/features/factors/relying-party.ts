import { isIP } from 'node:net'

/** Who passkeys are made for: the WebAuthn relying-party id and the one origin answers must come from. */
export interface RelyingParty {
  rpID: string
  origin: string
}

export const PASSKEYS_UNAVAILABLE_DESKTOP =
  'Passkeys cannot be used in the desktop app: its window is not a web address a passkey can belong to. Use an authenticator app here, or open the console in a browser (the browser shell or an instance) to add and use passkeys.'
export const PASSKEYS_UNAVAILABLE_ADDRESS =
  'Passkeys cannot be used at this address: they need the console served under a domain name over HTTPS (or localhost). Set the instance’s public URL (SWITCHBOARD_PUBLIC_URL) to its https:// address.'

/**
 * The relying party for the console's own address — the instance's public URL, or the browser
 * shell's loopback address — never anything a request says. Loopback addresses become `localhost`
 * (WebAuthn takes no IP address as an id; browsers treat http://localhost as secure). Answers the
 * reason instead when passkeys cannot work there: the desktop app's own scheme, an IP address, or
 * plain http on anything but localhost.
 */
export function relyingPartyOf(base: string): RelyingParty | { unavailable: string } {
  let url: URL
  try {
    url = new URL(base)
  } catch {
    return { unavailable: PASSKEYS_UNAVAILABLE_ADDRESS }
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { unavailable: PASSKEYS_UNAVAILABLE_DESKTOP }
  const host = url.hostname.replace(/^\[|\]$/g, '')
  const port = url.port ? `:${url.port}` : ''
  if (host === 'localhost' || host === '127.0.0.1' || host === '::1') {
    return { rpID: 'localhost', origin: `${url.protocol}//localhost${port}` }
  }
  if (isIP(host) || url.protocol !== 'https:') return { unavailable: PASSKEYS_UNAVAILABLE_ADDRESS }
  return { rpID: host, origin: url.origin }
}

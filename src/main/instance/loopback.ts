import net from 'node:net'

/** 127.0.0.0/8, ::1 and localhost: only this computer can connect. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true
  if (net.isIPv4(host)) return host.startsWith('127.')
  return host === '::1' || host === '0:0:0:0:0:0:0:1'
}

/** Why plain HTTP is refused off loopback, in the words the CLI prints. */
export const plainHttpRefusal = (host: string) =>
  `Refusing to serve plain HTTP on ${host}: other computers could reach it, and passwords and session tokens ` +
  `would cross the network readable by anyone on the way. Give --tls-cert FILE --tls-key FILE to serve HTTPS, ` +
  `or --insecure-http if a TLS-terminating proxy in front of it is the only way in.`

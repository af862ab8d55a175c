import { X509Certificate } from 'node:crypto'
import fs from 'node:fs'
import tls from 'node:tls'
import { Agent, fetch as undiciFetch } from 'undici'

/** What a CA file holds, or why it cannot be used (said to the operator as it is). */
export type CaFileReading = { ok: true; certificates: string[] } | { ok: false; problem: string }

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g
/** A CA bundle is a few certificates; a file far larger than that is not one. */
const MAX_CA_FILE_BYTES = 1024 * 1024

/**
 * Reads a PEM file of certificate authorities: one or more certificates, each of which must parse
 * and be a CA's (a server's own certificate named here by mistake would only fail later, on connecting).
 */
export function readCaFile(file: string): CaFileReading {
  let text: string
  try {
    const stat = fs.statSync(file)
    if (stat.isDirectory()) return { ok: false, problem: 'This is a folder; name the certificate file in it.' }
    // Not a device or a pipe, which could block the host or never end.
    if (!stat.isFile()) return { ok: false, problem: 'This is not a regular file.' }
    if (stat.size > MAX_CA_FILE_BYTES) return { ok: false, problem: 'This file is too large to be a CA certificate file.' }
    text = fs.readFileSync(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, problem: 'There is no file at this path.' }
    if (code === 'EACCES' || code === 'EPERM') return { ok: false, problem: 'Switchboard may not read this file.' }
    return { ok: false, problem: `This file cannot be read (${code ?? String(error)}).` }
  }
  const blocks = text.match(PEM_CERTIFICATE) ?? []
  if (blocks.length === 0) {
    return { ok: false, problem: 'This file holds no PEM certificate (text beginning "-----BEGIN CERTIFICATE-----").' }
  }
  for (const block of blocks) {
    let certificate: X509Certificate
    try {
      certificate = new X509Certificate(block)
    } catch {
      return { ok: false, problem: 'A certificate in this file is damaged and cannot be read.' }
    }
    if (!certificate.ca) {
      return {
        ok: false,
        problem: `This file holds a certificate that is not a certificate authority's (${certificate.subject.replaceAll('\n', ', ')}); name the file of the CA that signed the instance's certificate.`,
      }
    }
  }
  return { ok: true, certificates: blocks }
}

type GetCACertificates = (type: 'system') => string[]
let systemStore: readonly string[] | undefined

/**
 * The certificate authorities in the operating system's store, so that an internal CA that IT
 * installed there is trusted without naming a file. `tls.getCACertificates('system')` exists from
 * Node 22.15 (Electron 41's Node has it); under an older Node (the browser shell started with
 * Node 20) there is none, and only Node's bundled roots and a connection's CA file are trusted.
 * Read once per process: the store can be slow to read and changes rarely.
 */
export function systemCertificates(): readonly string[] {
  if (systemStore) return systemStore
  const read = (tls as { getCACertificates?: GetCACertificates }).getCACertificates
  try {
    systemStore = read ? read('system') : []
  } catch {
    // A store that cannot be read trusts nothing more; it never trusts less than the bundled roots.
    systemStore = []
  }
  return systemStore
}

export interface TrustingFetch {
  fetch: typeof fetch
  /** Closes the connections kept open to the instance. */
  close(): Promise<void>
}

/**
 * A fetch that verifies the instance's certificate against Node's bundled Mozilla roots, the OS
 * store and `extra` (a connection's CA file). Verification is always on (certificate chain and host
 * name): there is deliberately no option to turn it off.
 *
 * undici's own `fetch` with its own `Agent`: Node's global fetch is an undici bundled with Node whose
 * dispatcher interface differs between versions, so an `Agent` from the package is not passed to it.
 */
export function trustingFetch(extra: readonly string[] = []): TrustingFetch {
  // `ca` replaces the default roots rather than adding to them, so the bundled ones are listed too.
  const dispatcher = new Agent({ connect: { ca: [...tls.rootCertificates, ...systemCertificates(), ...extra] } })
  const call = (input: string | URL | Request, init?: RequestInit) =>
    undiciFetch(input as Parameters<typeof undiciFetch>[0], { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher })
  return {
    fetch: call as unknown as typeof fetch,
    close: () => dispatcher.close(),
  }
}

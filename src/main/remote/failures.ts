import { ORPCError } from '@orpc/client'
import { AppError, ErrorCode, ErrorReason, toAppError } from '../../shared/errors'

/** Names an instance in messages: "Acme (acme.example.com)". */
export interface InstanceName {
  name: string
  url: string
}

export function describeInstance(instance: InstanceName): string {
  return `${instance.name} (${new URL(instance.url).host})`
}

/** TLS verification failures as Node reports them (OpenSSL's codes, and Node's own host-name check). */
const CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HOSTNAME_MISMATCH',
])

/** The `code` of an error or of any error in its chain of causes (fetch wraps the socket's error). */
export function errorCodes(error: unknown): string[] {
  const codes: string[] = []
  for (let e = error, depth = 0; typeof e === 'object' && e !== null && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string') codes.push(code)
  }
  return codes
}

export function isCertificateFailure(error: unknown): boolean {
  return errorCodes(error).some((code) => CERTIFICATE_CODES.has(code) || code.startsWith('CERT_') || code.startsWith('ERR_TLS_CERT'))
}

export function certificateRefused(instance: InstanceName): AppError {
  return new AppError(
    ErrorCode.UNAVAILABLE,
    `The certificate of ${describeInstance(instance)} could not be verified, so Switchboard did not connect. ` +
      "If your organisation's own certificate authority signed it, add the connection with that authority's certificate file; " +
      'otherwise ask its administrator for a certificate your computer trusts.',
    undefined,
    { reason: ErrorReason.CERTIFICATE_REFUSED },
  )
}

export function instanceUnreachable(instance: InstanceName): AppError {
  return new AppError(
    ErrorCode.UNAVAILABLE,
    `Cannot reach ${describeInstance(instance)}. Check the network and that the instance is running, then retry.`,
    undefined,
    { reason: ErrorReason.INSTANCE_UNREACHABLE },
  )
}

export function incompatibleVersion(instance: InstanceName, ours: number, theirs: number | string): AppError {
  return new AppError(
    ErrorCode.UNAVAILABLE,
    `This console speaks contract version ${ours}; ${describeInstance(instance)} speaks version ${theirs}. ` +
      'Update the older of the two so that both speak the same version.',
    undefined,
    { reason: ErrorReason.INCOMPATIBLE_VERSION },
  )
}

/**
 * What a call to an instance failed with, as the console's errors: a certificate that does not
 * verify, an instance that does not answer, or the instance's own error (same code, reason, fields).
 */
export function remoteFailure(error: unknown, instance: InstanceName): AppError {
  if (error instanceof AppError) return error
  if (isCertificateFailure(error)) return certificateRefused(instance)
  if (error instanceof ORPCError && isErrorCode(error.code)) return toAppError(error)
  // Anything else (the socket refused or dropped, DNS, a time-out, a proxy's 502) means no answer from the instance.
  return instanceUnreachable(instance)
}

function isErrorCode(code: string): boolean {
  return code in ErrorCode
}

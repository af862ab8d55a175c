import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto'
import { isoBase64URL, isoCBOR } from '@simplewebauthn/server/helpers'
import type { PasskeyAssertion, PasskeyRegistration } from '../../src/shared/contract/account.contract'
import type { Actor } from '../../src/main/features/actor'
import type { FactorsService } from '../../src/main/features/factors/factors.service'

const sha256 = (data: Uint8Array | string) => new Uint8Array(createHash('sha256').update(data).digest())
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}
const u32 = (n: number) => new Uint8Array([(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff])
const b64 = (bytes: Uint8Array | string) =>
  isoBase64URL.fromBuffer(typeof bytes === 'string' ? new TextEncoder().encode(bytes) : new Uint8Array(bytes))

/** Flags of authenticatorData: user present, user verified, attested credential data included. */
const UP = 0x01
const UV = 0x04
const AT = 0x40

interface Options {
  challenge: string
  rp?: { id?: string }
  rpId?: string
  user?: { id: string }
}

/** What a test may change about one answer, to see it refused. */
export interface Tamper {
  origin?: string
  rpID?: string
  challenge?: string
  counter?: number
  type?: string
}

/**
 * A software WebAuthn authenticator for tests: one ES256 (P-256) credential made with node:crypto,
 * answering registration options with attestation format "none" and authentication options with a
 * signed assertion, as a browser and a platform authenticator together would (the answers are what
 * `startRegistration` / `startAuthentication` of @simplewebauthn/browser hand back). Its signature
 * counter goes up by one per assertion.
 */
export class SoftAuthenticator {
  readonly credentialId = randomBytes(32)
  private readonly privateKey: KeyObject
  private readonly publicKey: KeyObject
  counter = 0
  private userHandle: string | undefined

  constructor(
    /** The origin the "browser" shows (clientDataJSON.origin). */
    readonly origin: string,
    /** The relying-party id the credential is scoped to. */
    readonly rpID: string,
  ) {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    this.privateKey = pair.privateKey
    this.publicKey = pair.publicKey
  }

  get id(): string {
    return b64(this.credentialId)
  }

  private coseKey(): Uint8Array {
    const jwk = this.publicKey.export({ format: 'jwk' })
    return isoCBOR.encode(
      new Map<number, number | Uint8Array>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, isoBase64URL.toBuffer(jwk.x!)],
        [-3, isoBase64URL.toBuffer(jwk.y!)],
      ]),
    )
  }

  private clientData(type: string, challenge: string, tamper: Tamper): string {
    return JSON.stringify({
      type: tamper.type ?? type,
      challenge: tamper.challenge ?? challenge,
      origin: tamper.origin ?? this.origin,
      crossOrigin: false,
    })
  }

  /** The answer to registration options (navigator.credentials.create). */
  register(options: Options | Record<string, unknown>, tamper: Tamper = {}): PasskeyRegistration {
    const o = options as Options
    this.userHandle = o.user?.id
    const idLength = new Uint8Array([(this.credentialId.length >> 8) & 0xff, this.credentialId.length & 0xff])
    const authData = concat(
      sha256(tamper.rpID ?? this.rpID),
      new Uint8Array([UP | UV | AT]),
      u32(tamper.counter ?? this.counter),
      new Uint8Array(16), // AAGUID: none
      idLength,
      new Uint8Array(this.credentialId),
      this.coseKey(),
    )
    const attestationObject = isoCBOR.encode(
      new Map<string, unknown>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]) as never,
    )
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      response: {
        clientDataJSON: b64(this.clientData('webauthn.create', o.challenge, tamper)),
        attestationObject: b64(attestationObject),
        transports: ['internal'],
      },
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
    }
  }

  /** The answer to authentication options (navigator.credentials.get); counts up unless `tamper.counter` says otherwise. */
  assert(options: Options | Record<string, unknown>, tamper: Tamper = {}): PasskeyAssertion {
    const o = options as Options
    const counter = tamper.counter ?? ++this.counter
    const authData = concat(sha256(tamper.rpID ?? this.rpID), new Uint8Array([UP | UV]), u32(counter))
    const clientDataJSON = this.clientData('webauthn.get', o.challenge, tamper)
    const signature = sign('sha256', concat(authData, sha256(clientDataJSON)), this.privateKey)
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      response: {
        clientDataJSON: b64(clientDataJSON),
        authenticatorData: b64(authData),
        signature: b64(new Uint8Array(signature)),
        ...(this.userHandle ? { userHandle: this.userHandle } : {}),
      },
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
    }
  }
}

/** A public address passkeys work at, for tests that need one (the relying party `console.example.test`). */
export const PASSKEY_ORIGIN = 'https://console.example.test'
export const PASSKEY_RP_ID = 'console.example.test'

/**
 * Registers a new software passkey for the session's user through the service, with the backend's
 * address set to PASSKEY_ORIGIN (and left so). Answers the authenticator and what `finishPasskey` answered.
 */
export async function registerPasskey(
  services: { links: { setHostBase(url: string): void }; factors: FactorsService },
  actor: Actor,
  name: string,
) {
  services.links.setHostBase(PASSKEY_ORIGIN)
  const key = new SoftAuthenticator(PASSKEY_ORIGIN, PASSKEY_RP_ID)
  const { options } = await services.factors.startPasskey(actor)
  return { key, ...(await services.factors.finishPasskey(actor, name, key.register(options))) }
}

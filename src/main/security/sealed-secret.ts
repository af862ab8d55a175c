import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

/** Marks the format, so that a later one can be told apart: v1 = AES-256-GCM, 96-bit IV, 128-bit tag. */
const VERSION = 'v1'

/**
 * Seals a secret for storage with AES-256-GCM under a key kept outside the database (see
 * instance-key.ts). `context` (the owner's id) is authenticated with it, so a sealed value copied to
 * another row does not open there.
 */
export function seal(key: Buffer, plaintext: string, context: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(Buffer.from(context, 'utf8'))
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.')
}

/** Opens what `seal` made with the same key and context; throws if either differs or the value was changed. */
export function open(key: Buffer, sealed: string, context: string): string {
  const [version, iv, tag, body] = sealed.split('.')
  if (version !== VERSION || !iv || !tag || body === undefined) throw new Error('Not a sealed secret of a known format')
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
  decipher.setAAD(Buffer.from(context, 'utf8'))
  decipher.setAuthTag(Buffer.from(tag, 'base64url'))
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')
}

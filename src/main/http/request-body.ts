import type { IncomingMessage } from 'node:http'
import { IMPORT_FILE_MAX_BASE64 } from '../../shared/contract/invitation-import.contract'
import { AppError, ErrorCode } from '../../shared/errors'

/** No operation takes more than this (the largest input, a licence file, is 20,000 characters). */
export const MAX_BODY_BYTES = 1024 * 1024
/**
 * Operations that take a file, and the body each may send: a bulk invite's CSV (up to 5 MB, as
 * base64, in oRPC's envelope). Named by the end of the request path (`/rpc/…`, `/api/…`).
 */
const FILE_BODIES: Record<string, number> = {
  '/invitations/importCheck': IMPORT_FILE_MAX_BASE64 + 64 * 1024,
}

/** The most a request to `pathname` may send. */
export function bodyLimitFor(pathname: string): number {
  for (const [suffix, limit] of Object.entries(FILE_BODIES)) if (pathname.endsWith(suffix)) return limit
  return MAX_BODY_BYTES
}

/** Far deeper than any input of the contract wrapped in oRPC's envelope, far shallower than a parser bomb. */
export const MAX_JSON_DEPTH = 32

/**
 * How deeply arrays and objects nest in a JSON text, found without parsing it, so that a
 * deeply nested body is refused before a parser recurses into it. Stops counting past `limit`.
 */
export function jsonDepth(text: string, limit = Infinity): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c)
        i++ // a backslash escapes the next character
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > deepest) deepest = depth
      if (deepest > limit) return deepest
    } else if (c === 0x5d || c === 0x7d) depth--
  }
  return deepest
}

const tooLarge = (maxBytes: number) =>
  maxBytes === MAX_BODY_BYTES
    ? new AppError(ErrorCode.TOO_LARGE, `The request is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB, the most any operation accepts.`)
    : new AppError(
        ErrorCode.TOO_LARGE,
        `The request is larger than ${(maxBytes / 1024 / 1024).toFixed(1)} MB, the most this operation accepts.`,
      )

/**
 * The body's bytes, refused once they exceed `maxBytes` (the rest is never buffered). Plain stream
 * events rather than `for await`: the async iterator costs several extra turns of the event loop on
 * every request, for bodies that nearly always arrive in one chunk.
 */
function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > maxBytes) {
        cleanup()
        // What is left is not buffered here; the answer is sent and Node discards the rest.
        req.pause()
        reject(tooLarge(maxBytes))
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () => {
      cleanup()
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size))
    }
    const onError = (error: Error) => {
      cleanup()
      reject(error)
    }
    const onClose = () => {
      cleanup()
      reject(new Error('The request was closed before its body arrived.'))
    }
    const cleanup = () => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
      req.off('close', onClose)
    }
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onError)
    req.on('close', onClose)
  })
}

/**
 * Reads a JSON request body within the limits, refusing an oversized one as soon as its
 * Content-Length or its bytes so far exceed the limit (the rest is never buffered), and a
 * too deeply nested one before parsing. Returns the parsed value, or undefined for no body.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes = MAX_BODY_BYTES, maxDepth = MAX_JSON_DEPTH): Promise<unknown> {
  const type = req.headers['content-type']
  if (type !== undefined && !/^application\/json\s*(;|$)/i.test(type)) {
    throw new AppError(ErrorCode.VALIDATION, 'Requests must be JSON (Content-Type: application/json).')
  }
  const declared = Number(req.headers['content-length'])
  if (declared > maxBytes) throw tooLarge(maxBytes)
  const text = (await readBody(req, maxBytes)).toString('utf8')
  if (text.trim() === '') return undefined
  if (jsonDepth(text, maxDepth) > maxDepth) {
    throw new AppError(ErrorCode.VALIDATION, `The request nests deeper than ${maxDepth} levels, more than any operation accepts.`)
  }
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new AppError(ErrorCode.VALIDATION, 'The request body is not valid JSON.')
  }
}

import {
  STANDARD_RPC_JSON_SERIALIZER_BUILT_IN_TYPES as TYPES,
  StandardRPCJsonSerializer,
  StandardRPCSerializer,
  type StandardRPCJsonSerialized,
  type StandardRPCJsonSerializedMetaItem,
} from '@orpc/client/standard'
import type { AnyContractRouter } from '@orpc/contract'
import type { Context, Router } from '@orpc/server'
import { MessagePortHandler } from '@orpc/server/message-port'
import { NodeHttpHandler, type NodeHttpHandlerOptions } from '@orpc/server/node'
import { StrictGetMethodPlugin } from '@orpc/server/plugins'
import { StandardHandler, StandardRPCCodec, StandardRPCMatcher, type StandardHandlerOptions } from '@orpc/server/standard'

const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'))
const THREE_DIGITS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'))

/**
 * `date.toISOString()`, the same characters, built from lookups: the runtime's own takes more than
 * twice as long here, and an answer of 200 invitations carries 400 moments. Years before 1000 (padded)
 * and after 9999 (a sign and six digits) go to the runtime's.
 */
export function isoString(date: Date): string {
  const year = date.getUTCFullYear()
  if (year < 1000 || year > 9999) return date.toISOString()
  return `${year}-${TWO_DIGITS[date.getUTCMonth() + 1]}-${TWO_DIGITS[date.getUTCDate()]}T${TWO_DIGITS[date.getUTCHours()]}:${
    TWO_DIGITS[date.getUTCMinutes()]
  }:${TWO_DIGITS[date.getUTCSeconds()]}.${THREE_DIGITS[date.getUTCMilliseconds()]}Z`
}

/** Met a value the fast walk leaves to oRPC's own serializer (a Set, a Blob, a class instance…). */
const ELSEWHERE = Symbol('elsewhere')

/**
 * oRPC's RPC serializer, answer for answer, with a faster walk for what the contract's outputs are
 * made of: plain objects, arrays, strings, numbers, booleans, null, undefined and Dates. oRPC's walk
 * copies the path of every value as it goes and tests each against nine kinds; this one keeps one path
 * and copies it only for the few values the protocol must mark (a Date, NaN, an undefined in an
 * array). Anything else (a Set, a Map, a URL, a Blob, a bigint, a class instance, a sparse array)
 * sends the whole value to oRPC's walk, so the answer is always oRPC's (rpc-handler.test.ts holds
 * the two to each other).
 */
export class RpcJsonSerializer extends StandardRPCJsonSerializer {
  override serialize(data: unknown, ...rest: Tail<Parameters<StandardRPCJsonSerializer['serialize']>>): StandardRPCJsonSerialized {
    // oRPC's walk calls back in with its path and its lists: those calls are its own.
    if (rest.length === 0) {
      const meta: StandardRPCJsonSerializedMetaItem[] = []
      const json = walk(data, [], meta)
      if (json !== ELSEWHERE) return [json, meta, [], []]
    }
    return super.serialize(data, ...rest)
  }
}

type Tail<T extends unknown[]> = T extends [unknown, ...infer R] ? R : never
type Path = (string | number)[]

/** `value`, found at `key` of what `path` leads to, walked with the path one step longer. */
function walkInto(value: unknown, key: string | number, path: Path, meta: StandardRPCJsonSerializedMetaItem[]): unknown {
  path.push(key)
  const json = walk(value, path, meta)
  path.pop()
  return json
}

function walk(value: unknown, path: Path, meta: StandardRPCJsonSerializedMetaItem[]): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
    case 'function':
    case 'symbol':
      return value
    case 'number':
      if (value !== value) {
        meta.push([TYPES.NAN, ...path])
        return null
      }
      return value
    case 'bigint':
      return ELSEWHERE
  }
  if (value === null) return null
  if (Array.isArray(value)) {
    const json = new Array<unknown>(value.length)
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i]
      if (item === undefined) {
        if (!(i in value)) return ELSEWHERE // a hole: oRPC's map keeps it, as JSON null
        meta.push([TYPES.UNDEFINED, ...path, i])
        json[i] = null
        continue
      }
      const itemJson = walkInto(item, i, path, meta)
      if (itemJson === ELSEWHERE) return ELSEWHERE
      json[i] = itemJson
    }
    return json
  }
  const proto: unknown = Object.getPrototypeOf(value)
  if (proto === Object.prototype || !proto || !(proto as { constructor?: unknown }).constructor) {
    const object = value as Record<string, unknown>
    const json: Record<string, unknown> = {}
    for (const key in object) {
      const field = object[key]
      if (key === 'toJSON' && typeof field === 'function') continue
      const fieldJson = walkInto(field, key, path, meta)
      if (fieldJson === ELSEWHERE) return ELSEWHERE
      json[key] = fieldJson
    }
    return json
  }
  if (value instanceof Date) {
    meta.push([TYPES.DATE, ...path])
    return Number.isNaN(value.getTime()) ? null : isoString(value)
  }
  return ELSEWHERE
}

/** oRPC's RPC handler as its `RPCHandler`s build it (matcher, codec, handler), over `RpcJsonSerializer`. */
function standardHandler<T extends Context>(router: Router<AnyContractRouter, T>, options: StandardHandlerOptions<T>): StandardHandler<T> {
  const codec = new StandardRPCCodec(new StandardRPCSerializer(new RpcJsonSerializer()))
  return new StandardHandler(router, new StandardRPCMatcher(), codec, options)
}

/** `RPCHandler` of `@orpc/server/node` (GET refused for operations that do not allow it), over `RpcJsonSerializer`. */
export function httpRpcHandler<T extends Context>(
  router: Router<AnyContractRouter, T>,
  options: StandardHandlerOptions<T> & NodeHttpHandlerOptions<T>,
) {
  const withPlugin = { ...options, plugins: [...(options.plugins ?? []), new StrictGetMethodPlugin<T>()] }
  return new NodeHttpHandler(standardHandler(router, withPlugin), withPlugin)
}

/** `RPCHandler` of `@orpc/server/message-port`, over `RpcJsonSerializer`. */
export function portRpcHandler<T extends Context>(router: Router<AnyContractRouter, T>, options: StandardHandlerOptions<T>) {
  return new MessagePortHandler(standardHandler(router, options))
}

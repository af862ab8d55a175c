import type { StandardHandlerOptions } from '@orpc/server/standard'
import type { RpcContext } from '../rpc/context'

const RECORD = Symbol('record idempotent answer')

type Finish = (status: number, body: string) => Promise<void>
type Interceptor = NonNullable<StandardHandlerOptions<RpcContext>['interceptors']>[number]

const isPlainJson = (body: unknown) =>
  Array.isArray(body) || (typeof body === 'object' && body !== null && Object.getPrototypeOf(body) === Object.prototype)

/**
 * Records the answers of idempotent calls as oRPC produced them, before they are sent: a client
 * that dropped the connection gets nothing sent (oRPC skips a closed response), but the answer
 * is recorded all the same, which is what makes its retry safe. The call's context carries how to
 * record it (oRPC hands interceptors a copy of the context, so a property rather than its identity).
 */
export function idempotentAnswers() {
  const interceptor: Interceptor = async (options) => {
    const finish = (options.context as { [RECORD]?: Finish })[RECORD]
    if (!finish) return options.next()
    try {
      const result = await options.next()
      const body = result.matched ? result.response.body : undefined
      // Only whole JSON answers are kept (the wire form of oRPC's RPC protocol); never a stream.
      // Recorded before the answer is sent, so that a retry the client sends on receiving it replays it.
      await finish(result.matched && isPlainJson(body) ? result.response.status : 0, JSON.stringify(body ?? null))
      return result
    } catch (error) {
      await finish(0, '')
      throw error
    }
  }
  return {
    interceptor,
    /** The call with this context records its answer with `finish`. */
    expect(context: RpcContext, finish: Finish): void {
      Object.assign(context, { [RECORD]: finish })
    },
  }
}

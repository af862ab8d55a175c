import { implement, type AnyProcedure } from '@orpc/server'
import { contract, type SwitchboardClient } from '../../shared/contract'
import type { RpcContext } from '../rpc/context'
import type { createRouter } from '../rpc/router'
import { operationPaths } from './operations'

/** The same shape as the local router: every operation of the contract, with its input and output parsed. */
export type ContractRouter = ReturnType<typeof createRouter>

type AnyClientFn = (input: unknown, options: { signal?: AbortSignal }) => Promise<unknown>

function at(root: object, path: readonly string[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], root)
}

/**
 * The relay's implementer: the input is still parsed here (a bad value is refused in its field before
 * anything leaves the machine), but only right before the handler, so that the one middleware sees the
 * input as it was sent. That input, not the parsed one, goes to the instance: a schema that transforms
 * (Features Enabled: the text becomes a list) must not be parsed twice, as oRPC's own request
 * validation plugin warns.
 */
const relayBase = implement(contract, { initialInputValidationIndex: Number.POSITIVE_INFINITY })
  .$context<RpcContext>()
  .use(({ next }, input) => next({ context: { sent: input } }))

/**
 * The contract relayed to a remote instance: every procedure checks its input, forwards it as sent to
 * the instance client of the active connection and answers what the instance answered, errors
 * included. Built by walking the contract, so a new operation is relayed without a line here.
 */
export function createRelayRouter(client: () => SwitchboardClient): ContractRouter {
  const router: Record<string, Record<string, AnyProcedure>> = {}
  for (const path of operationPaths()) {
    const [group, name] = path as [string, string]
    const implementer = at(relayBase, path) as {
      handler(fn: (options: { context: { sent: unknown }; signal?: AbortSignal }) => unknown): AnyProcedure
    }
    router[group] ??= {}
    router[group][name] = implementer.handler(({ context, signal }) => (at(client(), path) as AnyClientFn)(context.sent, { signal }))
  }
  return relayBase.router(router as never) as unknown as ContractRouter
}

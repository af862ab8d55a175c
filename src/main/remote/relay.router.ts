import type { AnyProcedure } from '@orpc/server'
import type { SwitchboardClient } from '../../shared/contract'
import { base } from '../rpc/base'
import type { createRouter } from '../rpc/router'
import { operationPaths } from './operations'

/** The same shape as the local router: every operation of the contract, with its input and output parsed. */
export type ContractRouter = ReturnType<typeof createRouter>

type AnyClientFn = (input: unknown, options: { signal?: AbortSignal }) => Promise<unknown>

function at(root: object, path: readonly string[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], root)
}

/**
 * The contract relayed to a remote instance: every procedure forwards its (already parsed) input to
 * the instance client of the active connection and answers what the instance answered, errors
 * included. Built by walking the contract, so a new operation is relayed without a line here.
 */
export function createRelayRouter(client: () => SwitchboardClient): ContractRouter {
  const router: Record<string, Record<string, AnyProcedure>> = {}
  for (const path of operationPaths()) {
    const [group, name] = path as [string, string]
    const implementer = at(base, path) as { handler(fn: (options: { input: unknown; signal?: AbortSignal }) => unknown): AnyProcedure }
    router[group] ??= {}
    router[group][name] = implementer.handler(({ input, signal }) => (at(client(), path) as AnyClientFn)(input, { signal }))
  }
  return base.router(router as unknown as ContractRouter)
}

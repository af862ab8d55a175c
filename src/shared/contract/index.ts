import type { ContractRouterClient } from '@orpc/contract'
import { authContract } from './auth.contract'

/** The one contract: every operation that crosses a process or network boundary. */
export const contract = {
  auth: authContract,
}

export type Contract = typeof contract
export type SwitchboardClient = ContractRouterClient<Contract>

export * from './common'
export * from './auth.contract'

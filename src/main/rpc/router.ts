import { authHandlers } from '../features/auth/auth.handlers'
import { base } from './base'

/** The one router; `base.router` checks at compile time that it matches the contract. */
export const router = base.router({
  auth: authHandlers,
})

export type AppRouter = typeof router

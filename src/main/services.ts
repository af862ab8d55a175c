import type { Clock } from './clock'
import type { Db } from './db/store'
import { createAuthService } from './features/auth/auth.service'
import { createSetupService } from './features/setup/setup.service'

/** The composition root of the local backend: every service over one store and clock. */
export function createServices(db: Db, clock: Clock) {
  const auth = createAuthService(db, clock)
  const setup = createSetupService(db, clock)
  return { auth, setup }
}

export type Services = ReturnType<typeof createServices>

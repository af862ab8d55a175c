import type { SetupInput } from '../../src/shared/contract'

/** The operator every test sets up first. */
export const OPERATOR: SetupInput = {
  organisation: { name: 'Northwind MSP', slug: 'northwind' },
  admin: { name: 'Ada Operator', email: 'ada@northwind.test', password: 'correct horse battery' },
  // Off here so that suites sign in with a password alone; the default (on) has its own tests.
  requireSecondFactorForSuperAdmins: false,
}

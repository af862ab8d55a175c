import type { SetupInput } from '../../src/shared/contract'

/** The operator every test sets up first. */
export const OPERATOR: SetupInput = {
  organisation: { name: 'Northwind MSP', slug: 'northwind' },
  admin: { name: 'Ada Operator', email: 'ada@northwind.test', password: 'correct horse battery' },
}

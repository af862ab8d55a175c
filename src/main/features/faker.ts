import { createRequire } from 'node:module'
import type * as FakerModule from '@faker-js/faker'

let loaded: typeof FakerModule | undefined

/**
 * An English faker seeded with `seed`, for the demo's generated data (the demo, its seeder, an
 * organisation's demo data). The library is loaded on first use: it takes about a quarter of a second,
 * which every start of the console and the instance would otherwise pay (start-up ≤ 1 s, issue 22).
 */
export function seededFaker(seed: number): FakerModule.Faker {
  const { Faker, base, en } = (loaded ??= createRequire(import.meta.url)('@faker-js/faker') as typeof FakerModule)
  const faker = new Faker({ locale: [en, base] })
  faker.seed(seed)
  return faker
}

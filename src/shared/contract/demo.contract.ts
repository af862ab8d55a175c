import { eventIterator } from '@orpc/contract'
import * as z from 'zod'
import { meSchema } from './common'
import { documented } from './operation-docs'

/** Every demo operation says where it runs. */
const CONSOLE_ONLY =
  ' The demo runs in the console on your own computer (`switchboard start --demo`); an instance server refuses it with 503 `UNAVAILABLE`.'

/** How far a demo's generation has come: the step in words, and rows done of the total. */
export const demoProgressEventSchema = z.object({ step: z.string(), done: z.number(), total: z.number() })
export type DemoProgressEvent = z.infer<typeof demoProgressEventSchema>

export const demoStatusSchema = z.object({
  /** Whether this store was made by Explore the demo (and so can be reset, or left for a store of one's own). */
  demo: z.boolean(),
  /** The demo SUPER_ADMIN the prospect is signed in as; null outside a demo store. */
  adminName: z.string().nullable(),
})
export type DemoStatus = z.infer<typeof demoStatusSchema>

export const demoContract = {
  status: documented({
    summary: 'Whether this is a demo store',
    description: 'Whether this store was made by Explore the demo, and as whom the demo signs in. Needs no session.',
    session: 'none',
  })
    .input(z.void())
    .output(demoStatusSchema),
  explore: documented({
    summary: 'Explore the demo',
    description:
      'Fills an empty store with the demo (an operator organisation and four customer tenancies, all marked Demo), streaming progress; deterministic per `seed`. Refused on a store that is already set up (409 `CONFLICT`, reason `ALREADY_SET_UP`).' +
      CONSOLE_ONLY,
    session: 'none',
    errors: ['UNAVAILABLE'],
  })
    .input(
      z.object({
        seed: z
          .number()
          .int()
          .min(0)
          .max(2 ** 31 - 1)
          .optional(),
      }),
    )
    .output(eventIterator(demoProgressEventSchema)),
  signIn: documented({
    summary: 'Sign in to the demo',
    description:
      'Signs in as the demo SUPER_ADMIN without a password, in a demo store only (elsewhere 409 `CONFLICT`, reason `NOT_DEMO_STORE`).' +
      CONSOLE_ONLY,
    session: 'opens',
    errors: ['UNAVAILABLE'],
  })
    .input(z.void())
    .output(meSchema),
  reset: documented({
    summary: 'Reset demo',
    description:
      'Settings → Demo → Reset demo (SUPER_ADMIN, demo stores only): the demo as it was first made, in a new store, streaming progress; sign in again after.' +
      CONSOLE_ONLY,
    errors: ['FORBIDDEN', 'UNAVAILABLE'],
  })
    .input(z.void())
    .output(eventIterator(demoProgressEventSchema)),
  leave: documented({
    summary: 'Start my own console',
    description:
      'Settings → Demo → Start my own console (SUPER_ADMIN, demo stores only): an empty store for the first-run setup; the demo moved aside (`keptIn`) or deleted.' +
      CONSOLE_ONLY,
    errors: ['FORBIDDEN', 'UNAVAILABLE'],
  })
    .input(z.object({ keep: z.boolean() }))
    .output(z.object({ keptIn: z.string().nullable() })),
}

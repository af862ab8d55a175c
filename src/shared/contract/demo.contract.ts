import { eventIterator, oc } from '@orpc/contract'
import * as z from 'zod'
import { meSchema } from './common'

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
  /** Whether this store is a demo store, and as whom the demo signs in (no session needed). */
  status: oc.input(z.void()).output(demoStatusSchema),
  /** Explore the demo: fills an empty store with the demo (operator and customer tenancies), reporting progress. */
  explore: oc
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
  /** Signs in as the demo SUPER_ADMIN, without a password (demo stores only). */
  signIn: oc.input(z.void()).output(meSchema),
  /** Reset demo (SUPER_ADMIN, demo stores only): the demo as it was first made, in a new store; sign in again after. */
  reset: oc.input(z.void()).output(eventIterator(demoProgressEventSchema)),
  /** Start my own console (SUPER_ADMIN, demo stores only): an empty store for the first-run setup; the demo kept aside or deleted. */
  leave: oc.input(z.object({ keep: z.boolean() })).output(z.object({ keptIn: z.string().nullable() })),
}

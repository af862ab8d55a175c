import * as z from 'zod'
import { idSchema, roleSchema, searchTermSchema } from './common'
import { documented } from './operation-docs'

/** How many users, and how many organisations, the command palette is answered at most. */
export const PALETTE_LIMIT = 8

/** The tenant a palette hit belongs to: the palette switches there before opening a user of another tenant. */
export const paletteTenantSchema = z.object({ id: idSchema, name: z.string(), slug: z.string() })

export const paletteUserSchema = z.object({
  id: idSchema,
  name: z.string(),
  email: z.string(),
  role: roleSchema,
  active: z.boolean(),
  tenant: paletteTenantSchema,
})
export type PaletteUser = z.infer<typeof paletteUserSchema>

export const paletteOrganisationSchema = paletteTenantSchema.extend({ isDemo: z.boolean() })
export type PaletteOrganisation = z.infer<typeof paletteOrganisationSchema>

export const paletteResultSchema = z.object({
  users: z.array(paletteUserSchema),
  organisations: z.array(paletteOrganisationSchema),
})
export type PaletteResult = z.infer<typeof paletteResultSchema>

export const searchContract = {
  palette: documented({
    summary: 'Find users and organisations',
    description: [
      'The command palette (Ctrl/Cmd+K): users whose name or email, and organisations whose name or slug, hold the term',
      `(any case), at most ${PALETTE_LIMIT} of each, with the tenant each belongs to. Admin Tenant members find users in every`,
      'tenant they may switch into (from three characters on; shorter terms search the acting tenant) and every organisation;',
      "others find their own tenant's users and their own organisation. Users are found only by roles that manage users (ADMIN,",
      'SUPER_ADMIN); anyone else gets none.',
    ].join(' '),
  })
    .input(z.object({ term: searchTermSchema.pipe(z.string().min(1, 'Type something to search for')) }))
    .output(paletteResultSchema),
}

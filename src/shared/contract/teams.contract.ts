import { oc } from '@orpc/contract'
import * as z from 'zod'
import { signatureProblem } from '../signature'
import { idSchema } from './common'

export const teamRoleSchema = z.enum(['MEMBER', 'MANAGER'])
export type TeamRole = z.infer<typeof teamRoleSchema>

export const teamNameSchema = z.string().trim().min(1, 'Name is required').max(80, 'Name is too long')

export const signatureInputSchema = z
  .string()
  .max(2000, 'Signature is too long')
  .nullable()
  .superRefine((value, ctx) => {
    const problem = value === null ? null : signatureProblem(value)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })
  // Blank means no signature.
  .transform((value) => (value === null || value.trim() === '' ? null : value))

export const teamSummarySchema = z.object({
  id: idSchema,
  name: z.string(),
  description: z.string(),
  memberCount: z.number(),
  managers: z.array(z.object({ id: idSchema, name: z.string() })),
})

export const teamMemberSchema = z.object({
  userId: idSchema,
  name: z.string(),
  email: z.string(),
  role: teamRoleSchema,
  active: z.boolean(),
})

export const teamDetailSchema = z.object({
  id: idSchema,
  name: z.string(),
  description: z.string(),
  signature: z.string().nullable(),
  members: z.array(teamMemberSchema),
  /** Whether the caller may change members and signature (ADMIN, SUPER_ADMIN, or a MANAGER of this team). */
  canManage: z.boolean(),
  /** Whether the caller may rename the team (ADMIN, SUPER_ADMIN). */
  canEdit: z.boolean(),
})
export type TeamDetail = z.infer<typeof teamDetailSchema>

export const teamInputSchema = z.object({
  name: teamNameSchema,
  description: z.string().trim().max(500, 'Description is too long').default(''),
})

export const teamsContract = {
  /** Admin → Helpdesk → Teams: the acting tenant's teams with member counts and managers. */
  list: oc.input(z.void()).output(z.array(teamSummarySchema)),
  get: oc.input(z.object({ id: idSchema })).output(teamDetailSchema),
  /** + New Team: name unique in the tenant (case-insensitively) and a description. */
  create: oc.input(teamInputSchema).output(teamDetailSchema),
  update: oc.input(teamInputSchema.extend({ id: idSchema })).output(teamDetailSchema),
  /** Adds an active user to the team, or changes their role in it. */
  setMember: oc.input(z.object({ teamId: idSchema, userId: idSchema, role: teamRoleSchema })).output(teamDetailSchema),
  removeMember: oc.input(z.object({ teamId: idSchema, userId: idSchema })).output(teamDetailSchema),
  /** The Team Signature for public replies; blank removes it. */
  setSignature: oc.input(z.object({ teamId: idSchema, signature: signatureInputSchema })).output(teamDetailSchema),
}

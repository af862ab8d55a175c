import * as z from 'zod'
import { signatureProblem } from '../signature'
import { idSchema } from './common'
import { documented } from './operation-docs'

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
  list: documented({
    summary: 'List teams',
    description: "Admin → Helpdesk → Teams: the acting tenant's teams with member counts and managers.",
    errors: ['FEATURE_DISABLED'],
  })
    .input(z.void())
    .output(z.array(teamSummarySchema)),
  get: documented({
    summary: 'Get a team',
    description: 'One team with its members and signature, and whether the caller may manage or rename it.',
    errors: ['FEATURE_DISABLED', 'NOT_FOUND'],
  })
    .input(z.object({ id: idSchema }))
    .output(teamDetailSchema),
  create: documented({
    summary: 'Create a team',
    description: '+ New Team (ADMIN, SUPER_ADMIN): a name unique in the tenant, case-insensitively (`NAME_TAKEN`), and a description.',
    errors: ['FEATURE_DISABLED', 'FORBIDDEN', 'CONFLICT'],
  })
    .input(teamInputSchema)
    .output(teamDetailSchema),
  update: documented({
    summary: 'Rename a team',
    description: "Changes a team's name and description (ADMIN, SUPER_ADMIN).",
    errors: ['FEATURE_DISABLED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
  })
    .input(teamInputSchema.extend({ id: idSchema }))
    .output(teamDetailSchema),
  setMember: documented({
    summary: 'Add a team member or change their role',
    description:
      'Adds an active user to the team as MEMBER or MANAGER, or changes their role in it (ADMIN, SUPER_ADMIN, or a MANAGER of the team). A deactivated user is refused (`USER_DEACTIVATED`).',
    errors: ['FEATURE_DISABLED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
  })
    .input(z.object({ teamId: idSchema, userId: idSchema, role: teamRoleSchema }))
    .output(teamDetailSchema),
  removeMember: documented({
    summary: 'Remove a team member',
    description: 'Removes a user from the team (ADMIN, SUPER_ADMIN, or a MANAGER of the team).',
    errors: ['FEATURE_DISABLED', 'FORBIDDEN', 'NOT_FOUND'],
  })
    .input(z.object({ teamId: idSchema, userId: idSchema }))
    .output(teamDetailSchema),
  setSignature: documented({
    summary: 'Set the team signature',
    description: 'The Team Signature for public replies; blank removes it (ADMIN, SUPER_ADMIN, or a MANAGER of the team).',
    errors: ['FEATURE_DISABLED', 'FORBIDDEN', 'NOT_FOUND'],
  })
    .input(z.object({ teamId: idSchema, signature: signatureInputSchema }))
    .output(teamDetailSchema),
}

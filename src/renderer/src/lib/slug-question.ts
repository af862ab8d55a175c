/**
 * What a destructive action outside the home tenant asks the operator to type (issue 20), and why.
 * One tenant: its slug. An action over several tenants at once (bulk Resend or Revoke in All
 * Invitations): the number of those tenants, with their names listed in the dialog; typing many
 * slugs would not make anyone read them more carefully, a count they must look up does.
 */
export type SlugQuestion = {
  /** Exactly what must be typed. */
  word: string
  /** Why it is asked, shown under the field. */
  description: string
}

type Tenant = { id: string; name: string; slug: string }

/** The acting tenant's question: outside the home tenant, the slug of the tenant the action changes. */
export const ACTING_ELSEWHERE = 'You are not in your home tenant: this changes another organisation.'

/**
 * The question for an action that touches the given tenants (the rows it acts on), or null when it
 * touches only the home tenant: at home the confirmation stays as it always was.
 */
export function slugQuestionForTenants(homeTenantId: string, touched: Iterable<Tenant>): SlugQuestion | null {
  const others = new Map<string, Tenant>()
  for (const tenant of touched) if (tenant.id !== homeTenantId) others.set(tenant.id, tenant)
  const tenants = [...others.values()].sort((a, b) => a.name.localeCompare(b.name))
  const [only] = tenants
  if (only === undefined) return null
  if (tenants.length === 1) return { word: only.slug, description: `This changes ${only.name}, not your home tenant.` }
  return {
    word: String(tenants.length),
    description: `This changes ${tenants.length} organisations other than your home tenant: ${tenants.map((t) => t.name).join(', ')}. Type how many.`,
  }
}

/** The feature catalogue: codes a licence grants and a tenant override may restrict. */
export const Feature = {
  HELPDESK: 'helpdesk',
  CRM: 'crm',
  RMM: 'rmm',
  BILLING: 'billing',
  REPORTING: 'reporting',
  ASSETS: 'assets',
} as const
export type Feature = (typeof Feature)[keyof typeof Feature]
export const FEATURE_CODES: readonly Feature[] = Object.values(Feature)

export const FEATURE_LABELS: Record<Feature, string> = {
  helpdesk: 'Helpdesk',
  crm: 'CRM',
  rmm: 'RMM',
  billing: 'Billing',
  reporting: 'Reporting',
  assets: 'Assets',
}

export function isFeature(value: unknown): value is Feature {
  return typeof value === 'string' && (FEATURE_CODES as readonly string[]).includes(value)
}

type OverrideParse = { ok: true; value: Feature[] | null } | { ok: false; error: string }

/**
 * The Features Enabled field: blank = all licence features (null), otherwise a JSON array
 * of known feature codes; `[]` = none. One function for the form, the contract and the CLI.
 */
export function parseFeatureOverride(text: string): OverrideParse {
  const trimmed = text.trim()
  if (trimmed === '') return { ok: true, value: null }
  let parsed: unknown
  try {
    parsed = JSON.parse(trimmed)
  } catch (error) {
    return { ok: false, error: `Not valid JSON (${(error as Error).message}). Example: ["helpdesk","crm"]` }
  }
  if (!Array.isArray(parsed)) return { ok: false, error: 'Must be a JSON array of feature codes, e.g. ["helpdesk","crm"], or blank' }
  const notStrings = parsed.filter((v) => typeof v !== 'string')
  if (notStrings.length > 0)
    return { ok: false, error: `Every entry must be a feature code in quotes; found ${JSON.stringify(notStrings[0])}` }
  const unknown = (parsed as string[]).filter((code) => !isFeature(code))
  if (unknown.length > 0) {
    return {
      ok: false,
      error: `Unknown feature code${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. Known: ${FEATURE_CODES.join(', ')}`,
    }
  }
  return { ok: true, value: [...new Set(parsed as Feature[])] }
}

/** Effective features = licence ∩ override; a null override grants every licence feature. */
export function effectiveFeatures(licence: readonly Feature[], override: readonly Feature[] | null): Feature[] {
  if (override === null) return FEATURE_CODES.filter((f) => licence.includes(f))
  return FEATURE_CODES.filter((f) => licence.includes(f) && override.includes(f))
}

/** Codes in the override that the licence lacks: accepted, but they have no effect. */
export function overrideWithoutEffect(licence: readonly Feature[], override: readonly Feature[] | null): Feature[] {
  return (override ?? []).filter((f) => !licence.includes(f))
}

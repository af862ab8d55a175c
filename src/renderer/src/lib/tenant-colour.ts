/**
 * The acting tenant's own colour: the same tenant always gets the same one, on every machine and
 * after every switch, so an operator learns "teal is Fabrikam" without reading. Derived from the
 * tenant id alone (no setting to keep, nothing to sync). The home tenant shows no colour band at all:
 * being at home is recognisable by its absence.
 *
 * Only Mantine colours whose light tint keeps the banner's dark text well above 4.5:1, and none that
 * reads as a state of its own (red is an error, yellow a warning, gray "disabled").
 */
export const TENANT_COLOURS = ['blue', 'cyan', 'teal', 'green', 'lime', 'orange', 'pink', 'grape', 'violet', 'indigo'] as const
export type TenantColour = (typeof TENANT_COLOURS)[number]

/** FNV-1a (32 bit) of the id: cheap, and spreads ids that differ in one character. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

export function tenantColour(tenantId: string): TenantColour {
  return TENANT_COLOURS[fnv1a(tenantId) % TENANT_COLOURS.length] as TenantColour
}

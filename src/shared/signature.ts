/** Placeholders a Team Signature may use, filled in when a reply is sent. */
export const SIGNATURE_PLACEHOLDERS = ['agent.name', 'agent.email', 'team.name', 'organisation.name'] as const
type SignaturePlaceholder = (typeof SIGNATURE_PLACEHOLDERS)[number]
type SignatureValues = Record<SignaturePlaceholder, string>

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g

function isPlaceholder(name: string): name is SignaturePlaceholder {
  return (SIGNATURE_PLACEHOLDERS as readonly string[]).includes(name)
}

/** The placeholders in a template that are not known, each once, in order of appearance. */
export function unknownPlaceholders(template: string): string[] {
  const names = [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!)
  return [...new Set(names.filter((n) => !isPlaceholder(n)))]
}

export function signatureProblem(template: string): string | null {
  const unknown = unknownPlaceholders(template)
  if (unknown.length === 0) return null
  return `Unknown placeholder${unknown.length > 1 ? 's' : ''}: ${unknown.map((n) => `{{${n}}}`).join(', ')}. Use ${SIGNATURE_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}.`
}

/** Fills the placeholders; the template must have passed signatureProblem. */
export function renderSignature(template: string, values: SignatureValues): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => (isPlaceholder(name) ? values[name] : whole))
}

/**
 * A public reply as it is sent: the body as typed, a blank line, then the team's filled signature.
 * One function for the console's preview and the backend's send, so the preview is what is sent.
 */
export function signedReply(body: string, signature: string | null): string {
  return signature ? `${body.trimEnd()}\n\n${signature}` : body
}

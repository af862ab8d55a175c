import { SESSION_MODE_HEADER } from '../remote/protocol'
import type { OpenApiDocument } from './openapi-document'

/** The parts of JSON Schema the contract's converter produces, as far as this page reads them. */
interface Schema {
  type?: string | string[]
  properties?: Record<string, Schema>
  required?: string[]
  items?: Schema
  enum?: unknown[]
  const?: unknown
  anyOf?: Schema[]
  oneOf?: Schema[]
  format?: string
  default?: unknown
}

interface Operation {
  operationId?: string
  requestBody?: { content?: Record<string, { schema?: Schema }> }
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

/** A schema as a short TypeScript-like type: what a script author needs to read at a glance. */
export function schemaType(schema: Schema | undefined, indent = ''): string {
  if (!schema) return 'unknown'
  if (schema.const !== undefined) return JSON.stringify(schema.const)
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' | ')
  const union = schema.anyOf ?? schema.oneOf
  if (union) return union.map((s) => schemaType(s, indent)).join(' | ')
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : schema.type
  if (type === 'array') return `${schemaType(schema.items, indent)}[]`
  if (type === 'object' || schema.properties) {
    const entries = Object.entries(schema.properties ?? {})
    if (entries.length === 0) return '{}'
    const inner = indent + '  '
    const lines = entries.map(
      ([name, value]) => `${inner}${name}${schema.required?.includes(name) ? '' : '?'}: ${schemaType(value, inner)}`,
    )
    return `{\n${lines.join('\n')}\n${indent}}`
  }
  if (type === 'string' && schema.format) return `string (${schema.format})`
  return type ?? 'unknown'
}

/** A minimal input that has the schema's shape: required fields only, first enum values. */
export function exampleOf(schema: Schema | undefined): unknown {
  if (!schema) return null
  if (schema.const !== undefined) return schema.const
  if (schema.enum) return schema.enum[0]
  const union = schema.anyOf ?? schema.oneOf
  if (union) return exampleOf(union[0])
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type
  if (type === 'array') return []
  if (type === 'object' || schema.properties) {
    return Object.fromEntries((schema.required ?? []).map((name) => [name, exampleOf(schema.properties?.[name])]))
  }
  if (type === 'string')
    return schema.format === 'uuid' ? '00000000-0000-4000-8000-000000000000' : schema.format === 'email' ? 'name@example.com' : '…'
  if (type === 'integer' || type === 'number') return 1
  if (type === 'boolean') return false
  return null
}

const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`

function operationSection(server: string, path: string, method: string, operation: Operation): string {
  const input = operation.requestBody?.content?.['application/json']?.schema
  const [mediaType, output] = Object.entries(operation.responses?.['200']?.content ?? {})[0] ?? []
  const signIn = operation.operationId === 'auth.signIn'
  const curl = [
    `curl -sS -X ${method.toUpperCase()} ${server}${path}`,
    signIn ? `-H '${SESSION_MODE_HEADER}: bearer' -D -` : `-H "Authorization: Bearer $TOKEN"`,
    ...(input ? [`-H 'Content-Type: application/json'`, `-d ${shellQuote(JSON.stringify(exampleOf(input)))}`] : []),
  ].join(' \\\n  ')
  const id = escapeHtml(operation.operationId ?? path)
  return `<section id="${id}">
<h2><code>${method.toUpperCase()} ${escapeHtml(path)}</code> <small>${id}</small></h2>
<h3>Input</h3><pre>${input ? escapeHtml(schemaType(input)) : 'none (send no body)'}</pre>
<h3>Answer${mediaType === 'text/event-stream' ? ' (a stream of server-sent events)' : ''}</h3><pre>${escapeHtml(schemaType(output?.schema))}</pre>
<h3>Example</h3><pre>${escapeHtml(curl)}</pre>
</section>`
}

/** The reference page: rendered here from the generated document, so it works offline (no CDN, no script). */
export function referencePage(document: OpenApiDocument): string {
  const server = document.servers?.[0]?.url ?? ''
  const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item ?? {})
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, operation]) => ({ path, method, operation: operation as Operation })),
  )
  const toc = operations
    .map(
      ({ operation, path }) =>
        `<li><a href="#${escapeHtml(operation.operationId ?? path)}">${escapeHtml(operation.operationId ?? path)}</a></li>`,
    )
    .join('')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(document.info.title)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;line-height:1.5;color:#1a1b1e}
pre{background:#f4f5f7;padding:.75rem;overflow-x:auto;border-radius:4px}
h2{margin-top:2.5rem;border-top:1px solid #ddd;padding-top:1rem}h2 small{color:#666;font-weight:normal;font-size:.8em}
h3{font-size:1rem;margin-bottom:.25rem}ul.toc{columns:3;font-size:.9em}
</style></head><body>
<h1>${escapeHtml(document.info.title)} <small>${escapeHtml(document.info.version)}</small></h1>
<p>${escapeHtml(document.info.description ?? '').replace(/\n\n/g, '</p><p>')}</p>
<p>Base URL: <code>${escapeHtml(server)}</code>. The machine-readable document: <a href="openapi.json">openapi.json</a> (OpenAPI ${escapeHtml(document.openapi)}).</p>
<ul class="toc">${toc}</ul>
${operations.map(({ path, method, operation }) => operationSection(server, path, method, operation)).join('\n')}
</body></html>`
}

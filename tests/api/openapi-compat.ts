/**
 * What a script written against the released document would trip over in the current one:
 * a removed operation or parameter, a removed or changed request or response field, a new
 * required input. Additions (operations, optional inputs, answer fields, enum values) pass.
 */

type Json = Record<string, unknown>
type Direction = 'request' | 'response'

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)

/** Follows local `#/components/...` references (the generator uses them for shared parts). */
function resolve(document: Json, value: unknown): Json {
  let current = value
  for (let hops = 0; isObject(current) && typeof current.$ref === 'string' && hops < 20; hops++) {
    current = current.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((node, key) => (isObject(node) ? node[key.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined), document)
  }
  return isObject(current) ? current : {}
}

const types = (schema: Json) => new Set([schema.type].flat().filter((t): t is string => typeof t === 'string'))

interface Side {
  doc: Json
  schema: unknown
}

function compareSchema(before: Side, after: Side, direction: Direction, where: string, out: string[]): void {
  const old = resolve(before.doc, before.schema)
  const now = resolve(after.doc, after.schema)
  const oldTypes = types(old)
  const newTypes = types(now)
  // An input may accept more types and an answer may carry fewer; anything else breaks someone.
  const lost = direction === 'request' ? [...oldTypes].filter((t) => !newTypes.has(t)) : [...newTypes].filter((t) => !oldTypes.has(t))
  if (lost.length && (oldTypes.size || newTypes.size))
    out.push(`${where}: type ${[...oldTypes].join('|')} became ${[...newTypes].join('|')}`)
  if (old.format !== now.format && old.format !== undefined) out.push(`${where}: format ${String(old.format)} became ${String(now.format)}`)
  if ('const' in old && JSON.stringify(old.const) !== JSON.stringify(now.const)) out.push(`${where}: constant changed`)
  if (direction === 'request' && Array.isArray(old.enum)) {
    const accepted: unknown[] = Array.isArray(now.enum) ? now.enum : old.enum
    const removed = old.enum.filter((v) => !accepted.includes(v))
    if (removed.length) out.push(`${where}: no longer accepts ${removed.map((v) => JSON.stringify(v)).join(', ')}`)
  }
  const oldProps = isObject(old.properties) ? old.properties : {}
  const newProps = isObject(now.properties) ? now.properties : {}
  for (const [name, schema] of Object.entries(oldProps)) {
    if (!(name in newProps)) out.push(`${where}.${name}: ${direction} field removed`)
    else compareSchema({ doc: before.doc, schema }, { doc: after.doc, schema: newProps[name] }, direction, `${where}.${name}`, out)
  }
  const oldRequired = new Set((old.required as string[] | undefined) ?? [])
  const newRequired = new Set((now.required as string[] | undefined) ?? [])
  if (direction === 'request') {
    for (const name of newRequired) if (!oldRequired.has(name)) out.push(`${where}.${name}: new required input field`)
  } else {
    for (const name of oldRequired)
      if (!newRequired.has(name) && name in newProps) out.push(`${where}.${name}: answer field may now be absent`)
  }
  if (old.items !== undefined)
    compareSchema({ doc: before.doc, schema: old.items }, { doc: after.doc, schema: now.items }, direction, `${where}[]`, out)
  const oldUnion = (old.anyOf ?? old.oneOf) as unknown[] | undefined
  const newUnion = ((now.anyOf ?? now.oneOf) as unknown[] | undefined) ?? [now]
  oldUnion?.forEach((variant, i) => {
    // Each released variant must still be matched, without breaks, by some current one.
    const fits = newUnion.some((candidate) => {
      const found: string[] = []
      compareSchema({ doc: before.doc, schema: variant }, { doc: after.doc, schema: candidate }, direction, where, found)
      return found.length === 0
    })
    if (!fits) out.push(`${where}: variant ${i + 1} (${JSON.stringify(resolve(before.doc, variant)).slice(0, 80)}) changed or removed`)
  })
}

const jsonSchemaOf = (doc: Json, holder: unknown) => {
  const content = resolve(doc, holder).content
  return isObject(content) ? Object.values(content).map((media) => (isObject(media) ? media.schema : undefined))[0] : undefined
}

type Operation = { parameters?: unknown[]; requestBody?: unknown; responses?: Json }

/** Every incompatibility between the released document and the current one; empty when a released script still works. */
export function breakingChanges(released: Json, current: Json): string[] {
  const out: string[] = []
  const paths = (doc: Json) => (isObject(doc.paths) ? (doc.paths as Record<string, Record<string, Operation>>) : {})
  for (const [path, item] of Object.entries(paths(released))) {
    for (const [method, before] of Object.entries(item)) {
      const after = paths(current)[path]?.[method]
      const name = `${method.toUpperCase()} ${path}`
      if (!after) {
        out.push(`${name}: operation removed`)
        continue
      }
      const params = (doc: Json, op: Operation) =>
        new Map((op.parameters ?? []).map((p) => resolve(doc, p)).map((p) => [`${String(p.in)}:${String(p.name)}`, p]))
      const oldParams = params(released, before)
      for (const [key, param] of params(current, after)) {
        if (!oldParams.has(key) && param.required === true) out.push(`${name}: new required parameter ${key}`)
      }
      for (const key of oldParams.keys()) if (!params(current, after).has(key)) out.push(`${name}: parameter ${key} removed`)
      if (before.requestBody !== undefined) {
        const now = after.requestBody === undefined ? { type: 'null' } : jsonSchemaOf(current, after.requestBody)
        compareSchema(
          { doc: released, schema: jsonSchemaOf(released, before.requestBody) },
          { doc: current, schema: now },
          'request',
          `${name} request`,
          out,
        )
      } else if (after.requestBody !== undefined && resolve(current, after.requestBody).required === true) {
        out.push(`${name}: now requires a request body`)
      }
      for (const [status, response] of Object.entries(before.responses ?? {})) {
        if (!status.startsWith('2')) continue
        const now = after.responses?.[status]
        if (now === undefined) out.push(`${name}: ${status} answer removed`)
        else
          compareSchema(
            { doc: released, schema: jsonSchemaOf(released, response) },
            { doc: current, schema: jsonSchemaOf(current, now) },
            'response',
            `${name} ${status}`,
            out,
          )
      }
    }
  }
  return out
}

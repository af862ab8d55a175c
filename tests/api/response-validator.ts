import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import type { OpenApiDocument } from '../../src/main/instance/openapi-document'

type Json = Record<string, unknown>

export interface Checked {
  operation: string
  status: number
  /** What did not match the document; empty when the answer is as documented. */
  problems: string[]
}

const pointer = (...keys: string[]) => keys.map((k) => k.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')

/**
 * Checks answers of /api against the OpenAPI document: the status must be one the operation
 * documents, and a JSON body must match that response's schema (JSON Schema 2020-12, as OpenAPI 3.1
 * says), success and error bodies alike. Streams (text/event-stream) are checked for status and
 * media type only.
 */
export function responseValidator(document: OpenApiDocument) {
  // The generator marks dates with x-native-type; unknown keywords are annotations, not rules.
  const ajv = new Ajv2020({ strict: false, allErrors: true })
  addFormats(ajv)
  const doc = JSON.parse(JSON.stringify(document)) as Json
  ajv.addSchema({ ...doc, $id: 'api' } as never)
  const paths = doc.paths as Record<string, { post?: { operationId: string; responses: Record<string, Json> } }>
  const responses = (doc.components as { responses: Record<string, Json> }).responses

  return function check(apiPath: string, status: number, contentType: string | null, body: string): Checked {
    const operation = paths[apiPath]?.post
    if (!operation) return { operation: apiPath, status, problems: [`${apiPath} is not in the document`] }
    const documented = operation.responses[String(status)]
    if (!documented) return { operation: operation.operationId, status, problems: [`status ${status} is not documented`] }
    const ref = typeof documented.$ref === 'string' ? documented.$ref : undefined
    const response = ref ? responses[ref.split('/').pop()!]! : documented
    const content = response.content as Record<string, unknown>
    const media = Object.keys(content)[0]!
    const problems: string[] = []
    if (!contentType?.startsWith(media)) problems.push(`content type ${contentType} is not the documented ${media}`)
    if (media === 'application/json') {
      const where = ref
        ? `api#/components/responses/${pointer(ref.split('/').pop()!, 'content', media, 'schema')}`
        : `api#/paths/${pointer(apiPath, 'post', 'responses', String(status), 'content', media, 'schema')}`
      const validate = ajv.getSchema(where)
      if (!validate) problems.push(`no schema at ${where}`)
      else if (!validate(JSON.parse(body))) {
        problems.push(...(validate.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`))
      }
    }
    return { operation: operation.operationId, status, problems }
  }
}

/**
 * A fetch that checks every /api answer it receives against the document and records the result
 * (the body is read from a clone, so the caller still reads it).
 */
export function validatingFetch(document: OpenApiDocument, checked: Checked[]): typeof fetch {
  const check = responseValidator(document)
  return async (input, init) => {
    const request = new Request(input, init)
    const response = await fetch(request)
    const path = new URL(request.url).pathname
    if (path.startsWith('/api/')) {
      const streamed = response.headers.get('content-type')?.startsWith('text/event-stream')
      checked.push(
        check(
          path.slice('/api'.length),
          response.status,
          response.headers.get('content-type'),
          streamed ? '' : await response.clone().text(),
        ),
      )
    }
    return response
  }
}

import { OpenAPIGenerator } from '@orpc/openapi'
import { ZodToJsonSchemaConverter } from '@orpc/zod/zod4'
import { contract } from '../../shared/contract'
import { isMutation } from '../remote/operations'
import { AUTHORIZATION_HEADER, INSTANCE_PATHS, SESSION_MODE_HEADER, SESSION_TOKEN_HEADER } from '../remote/protocol'

export type OpenApiDocument = Awaited<ReturnType<OpenAPIGenerator['generate']>>

const IDEMPOTENCY = `A mutation may carry an \`Idempotency-Key\` header (1 to 200 visible ASCII characters, a UUID typically).
A call is the signed-in user, the session's acting tenant, the operation and the key: the same call again
within 24 hours gets the first successful answer without running again (a retry after a dropped connection is safe).
The same key after \`auth.switchTenant\` is another call in the new tenant and runs there; an answer never
crosses tenants. The same call with a different body is refused (422 VALIDATION, "already used for a different request"); while the first is still
running, 409 CONFLICT with reason STILL_RUNNING says to wait. Failures are not kept, so their retry runs again.
Reads (operations that change nothing) ignore the header: they run every time.`

const DESCRIPTION = `The Switchboard contract over plain HTTP and JSON, generated from the same contract the console uses.

Every call is a POST of its input as JSON to \`${INSTANCE_PATHS.api}/<feature>/<operation>\`.
Sign in with \`POST ${INSTANCE_PATHS.api}/auth/signIn\` and the header \`${SESSION_MODE_HEADER}: bearer\`: the session token comes
back in the response header \`${SESSION_TOKEN_HEADER}\` (never in the body). Send it with every further call as
\`${AUTHORIZATION_HEADER}: Bearer <token>\`. Sessions expire after 12 hours; \`auth.signOut\` ends one, \`auth.signOutEverywhere\` all of yours.
Errors answer \`{ code, message, data: { fields, reason, ids } }\` with the HTTP status of their code.

${IDEMPOTENCY}`

/** The header parameter of every mutation. */
const IDEMPOTENCY_PARAMETER = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description: IDEMPOTENCY,
  schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' },
} as const

/** The OpenAPI 3.1 document of the contract, generated (never written by hand) for an instance at `baseUrl`. */
export async function openApiDocument(baseUrl: string, version: string): Promise<OpenApiDocument> {
  const generator = new OpenAPIGenerator({ schemaConverters: [new ZodToJsonSchemaConverter()] })
  const document = await generator.generate(contract, {
    info: { title: 'Switchboard instance API', version, description: DESCRIPTION },
    servers: [{ url: `${baseUrl}${INSTANCE_PATHS.api}` }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: `The token from ${SESSION_TOKEN_HEADER}` } } },
    security: [{ bearer: [] }],
  })
  document.components = { ...document.components, parameters: { IdempotencyKey: { ...IDEMPOTENCY_PARAMETER } } }
  for (const item of Object.values(document.paths ?? {})) {
    const operation = item?.post
    if (!operation?.operationId || !isMutation(operation.operationId.split('.'))) continue
    operation.parameters = [...(operation.parameters ?? []), { $ref: '#/components/parameters/IdempotencyKey' }]
  }
  return document
}

import { OpenAPIGenerator } from '@orpc/openapi'
import { ZodToJsonSchemaConverter } from '@orpc/zod/zod4'
import { contract } from '../../shared/contract'
import { AUTHORIZATION_HEADER, INSTANCE_PATHS, SESSION_MODE_HEADER, SESSION_TOKEN_HEADER } from '../remote/protocol'

export type OpenApiDocument = Awaited<ReturnType<OpenAPIGenerator['generate']>>

const DESCRIPTION = `The Switchboard contract over plain HTTP and JSON, generated from the same contract the console uses.

Every call is a POST of its input as JSON to \`${INSTANCE_PATHS.api}/<feature>/<operation>\`.
Sign in with \`POST ${INSTANCE_PATHS.api}/auth/signIn\` and the header \`${SESSION_MODE_HEADER}: bearer\`: the session token comes
back in the response header \`${SESSION_TOKEN_HEADER}\` (never in the body). Send it with every further call as
\`${AUTHORIZATION_HEADER}: Bearer <token>\`. Sessions expire after 12 hours; \`auth.signOut\` ends one, \`auth.signOutEverywhere\` all of yours.
Errors answer \`{ code, message, data: { fields, reason, ids } }\` with the HTTP status of their code.`

/** The OpenAPI 3.1 document of the contract, generated (never written by hand) for an instance at `baseUrl`. */
export async function openApiDocument(baseUrl: string, version: string): Promise<OpenApiDocument> {
  const generator = new OpenAPIGenerator({ schemaConverters: [new ZodToJsonSchemaConverter()] })
  return generator.generate(contract, {
    info: { title: 'Switchboard instance API', version, description: DESCRIPTION },
    servers: [{ url: `${baseUrl}${INSTANCE_PATHS.api}` }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: `The token from ${SESSION_TOKEN_HEADER}` } } },
    security: [{ bearer: [] }],
  })
}

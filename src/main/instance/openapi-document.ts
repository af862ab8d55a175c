import { OpenAPIGenerator } from '@orpc/openapi'
import { ZodToJsonSchemaConverter } from '@orpc/zod/zod4'
import { contract, FEATURE_DESCRIPTIONS, OPERATION_DOCS_EXTENSION, type OperationDocsExtension } from '../../shared/contract'
import { CONTRACT_VERSION } from '../../shared/contract/version'
import { ErrorCode } from '../../shared/errors'
import { STEP_UP_OPERATIONS } from '../../shared/step-up'
import { isMutation } from '../remote/operations'
import { AUTHORIZATION_HEADER, INSTANCE_PATHS, SESSION_MODE_HEADER, SESSION_TOKEN_HEADER } from '../remote/protocol'
import { COMMON_ERROR_CODES, ERROR_SCHEMA, errorResponses, responseName, statusesOf } from './openapi-errors'

export type OpenApiDocument = Awaited<ReturnType<OpenAPIGenerator['generate']>>
type Operation = NonNullable<NonNullable<OpenApiDocument['paths']>[string]>['post'] & {
  [OPERATION_DOCS_EXTENSION]?: OperationDocsExtension
}

const IDEMPOTENCY = `A mutation may carry an \`Idempotency-Key\` header (1 to 200 visible ASCII characters, a UUID typically).
A call is the signed-in user, the session's acting tenant, the operation and the key: the same call again
within 24 hours gets the first successful answer without running again (a retry after a dropped connection is safe).
The same key after \`auth.switchTenant\` is another call in the new tenant and runs there; an answer never
crosses tenants. The same call with a different body is refused (422 VALIDATION, "already used for a different request"); while the first is still
running, 409 CONFLICT with reason STILL_RUNNING says to wait. Failures are not kept, so their retry runs again.
Reads (operations that change nothing) ignore the header: they run every time, as do the operations whose answer is a
secret (\`account.startTotp\`, \`account.confirmTotp\`, \`account.regenerateRecoveryCodes\`), which the instance never keeps a copy of.`

const SIGN_IN = `Sign in with \`POST ${INSTANCE_PATHS.api}/auth/signIn\` and the header \`${SESSION_MODE_HEADER}: bearer\`: the session token comes
back in the response header \`${SESSION_TOKEN_HEADER}\` (never in the body; \`auth.setup\` and \`auth.register\` answer one the same way).
Send it with every further call as \`${AUTHORIZATION_HEADER}: Bearer <token>\`. Sessions expire after 12 hours; \`auth.signOut\` ends one,
\`auth.signOutEverywhere\` all of yours; \`auth.me\` answers \`null\` (200, not 401) for an ended session.
For a user with a second factor, \`auth/signIn\` answers 401 with \`data.reason\` SECOND_FACTOR_REQUIRED and \`data.pendingToken\`:
send that token with the authenticator code (or a recovery code) to \`POST ${INSTANCE_PATHS.api}/auth/verifySecondFactor\` within 5 minutes,
which answers the session token the same way.`

const DESCRIPTION = `The Switchboard contract over plain HTTP and JSON, generated from the same contract the console uses.

Every call is a POST of its input as JSON to \`${INSTANCE_PATHS.api}/<feature>/<operation>\`.

${SIGN_IN}

Errors answer one schema, \`{ defined, code, status, message, data: { reason, fields, ids, retryAfterSeconds, pendingToken } }\`, with the HTTP
status of their code: branch on \`code\` and \`data.reason\`, never on the message.

The document's version is the contract's: it is raised whenever an operation is removed or its input or output changes incompatibly.

${IDEMPOTENCY}`

/** The header parameter of every mutation. */
const IDEMPOTENCY_PARAMETER = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description: IDEMPOTENCY,
  schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]+$' },
} as const

/** Sent by a caller that opens a session and wants its token (scripts, consoles) rather than a cookie. */
const SESSION_MODE_PARAMETER = {
  name: SESSION_MODE_HEADER,
  in: 'header',
  required: false,
  description: `\`bearer\`: answer the new session's token in the \`${SESSION_TOKEN_HEADER}\` response header. Scripts always send it.`,
  schema: { type: 'string', enum: ['bearer'] },
} as const

const SESSION_TOKEN_RESPONSE_HEADER = {
  description: `With \`${SESSION_MODE_HEADER}: bearer\`: the new session's token, for \`${AUTHORIZATION_HEADER}: Bearer <token>\`.`,
  schema: { type: 'string' },
} as const

/**
 * The OpenAPI 3.1 document of the contract, generated (never written by hand) for an instance at
 * `baseUrl`. Its version is the contract's, so a breaking change shows in both.
 */
export async function openApiDocument(baseUrl: string): Promise<OpenApiDocument> {
  const generator = new OpenAPIGenerator({ schemaConverters: [new ZodToJsonSchemaConverter()] })
  const document = await generator.generate(contract, {
    info: { title: 'Switchboard instance API', version: String(CONTRACT_VERSION), description: DESCRIPTION },
    servers: [{ url: `${baseUrl}${INSTANCE_PATHS.api}`, description: 'This instance' }],
    tags: Object.entries(FEATURE_DESCRIPTIONS).map(([name, description]) => ({ name, description })),
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: `A session token. ${SIGN_IN}` },
      },
    },
    security: [{ bearer: [] }],
  })
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, Error: ERROR_SCHEMA as never },
    responses: errorResponses() as never,
    parameters: {
      IdempotencyKey: { ...IDEMPOTENCY_PARAMETER },
      SessionMode: { ...SESSION_MODE_PARAMETER, schema: { type: 'string', enum: ['bearer'] } },
    },
    headers: { SessionToken: { ...SESSION_TOKEN_RESPONSE_HEADER } },
  }
  for (const item of Object.values(document.paths ?? {})) {
    if (item?.post) describeOperation(item.post as Operation)
  }
  return document
}

/** Said of every operation in shared/step-up.ts's list. */
const STEP_UP_NOTE =
  '**Step-up.** This operation can take over tenants: it needs a factor proven in the last 5 minutes (signing in, or `auth.stepUp`). Otherwise it answers 403 with reason `STEP_UP_REQUIRED` and changes nothing: call `auth.stepUp` with a code (or, for a user without an authenticator app, the password), then repeat the call. For some of these only the dangerous case asks (a SUPER_ADMIN role, an Admin Tenant).'

/** Tag, security, headers and error responses of one generated operation, from what the contract says of it. */
function describeOperation(operation: Operation): void {
  const path = (operation.operationId ?? '').split('.')
  const docs = operation[OPERATION_DOCS_EXTENSION] ?? { errors: [], session: 'required' }
  delete operation[OPERATION_DOCS_EXTENSION]
  // The feature key is the tag, so a new operation is grouped without anyone remembering to.
  operation.tags = [path[0]!]
  // A void input generates an empty request body; the call takes none.
  if (operation.requestBody && 'content' in operation.requestBody && Object.keys(operation.requestBody.content).length === 0) {
    delete operation.requestBody
  }
  const parameters: NonNullable<Operation['parameters']> = [...(operation.parameters ?? [])]
  if (docs.session === 'opens') {
    parameters.push({ $ref: '#/components/parameters/SessionMode' })
    const ok = operation.responses?.['200']
    if (ok && !('$ref' in ok)) ok.headers = { [SESSION_TOKEN_HEADER]: { $ref: '#/components/headers/SessionToken' } }
  }
  if (isMutation(path)) parameters.push({ $ref: '#/components/parameters/IdempotencyKey' })
  if (parameters.length) operation.parameters = parameters
  // `none` may carry a session (auth.me reads it) and works without; `opens` has none yet.
  if (docs.session === 'none') operation.security = [{}, { bearer: [] }]
  if (docs.session === 'opens') operation.security = []
  const stepUp = (operation.operationId ?? '') in STEP_UP_OPERATIONS
  if (stepUp) operation.description = `${operation.description ?? ''}\n\n${STEP_UP_NOTE}`
  const codes = [
    ...COMMON_ERROR_CODES,
    ...docs.errors,
    ...(docs.session === 'required' ? [ErrorCode.UNAUTHENTICATED] : []),
    ...(stepUp ? [ErrorCode.FORBIDDEN] : []),
  ]
  for (const status of statusesOf(codes)) {
    operation.responses = { ...operation.responses, [status]: { $ref: `#/components/responses/${responseName(status)}` } }
  }
}

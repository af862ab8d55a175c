import { ErrorCode, ErrorReason, errorStatus } from '../../shared/errors'
import { STEP_UP_MESSAGE } from '../../shared/step-up'

/**
 * The one error body every refusal over /api answers (oRPC's error JSON carrying our AppError):
 * `code` to branch on, `data.reason` for the finer why, `message` to show a person.
 */
export const ERROR_SCHEMA = {
  type: 'object',
  description: 'Every refusal, whatever the operation. Branch on `code` and `data.reason`, never on `message`.',
  required: ['defined', 'code', 'status', 'message'],
  properties: {
    defined: { type: 'boolean', description: "oRPC's marker for errors typed in the contract: always false here." },
    code: { type: 'string', enum: Object.values(ErrorCode), description: 'What kind of refusal; it decides the HTTP status.' },
    status: { type: 'integer', description: 'The HTTP status, repeated.' },
    message: { type: 'string', description: 'A sentence for a person; it may change between versions.' },
    data: {
      type: 'object',
      properties: {
        reason: { type: 'string', enum: Object.values(ErrorReason), description: 'Why, for code to branch on.' },
        fields: {
          type: 'object',
          additionalProperties: { type: 'string' },
          description: 'With VALIDATION: input field path (dot-joined, `_` for the whole input) → its first message.',
        },
        ids: { type: 'object', additionalProperties: { type: 'string' }, description: 'Records concerned, e.g. `invitationId`.' },
        retryAfterSeconds: { type: 'integer', description: 'With reason THROTTLED: whole seconds until the next attempt is taken.' },
        pendingToken: {
          type: 'string',
          description:
            'With reason SECOND_FACTOR_REQUIRED (`auth.signIn`): send it with a code to `auth.verifySecondFactor` within 5 minutes.',
        },
      },
    },
  },
} as const

interface Example {
  summary: string
  code: ErrorCode
  message: string
  data?: Record<string, unknown>
}

/** Examples per status, as the instance really answers them. */
const EXAMPLES: Record<number, Record<string, Example>> = {
  401: {
    signedOut: { summary: 'No live session', code: 'UNAUTHENTICATED', message: 'Your session has ended. Sign in again.' },
    throttled: {
      summary: 'Too many failed attempts',
      code: 'UNAUTHENTICATED',
      message: 'Too many failed attempts. Try again in 30 seconds.',
      data: { reason: ErrorReason.THROTTLED, retryAfterSeconds: 30 },
    },
    secondFactorRequired: {
      summary: 'Password right, second factor next',
      code: 'UNAUTHENTICATED',
      message: 'Enter the code from your authenticator app to finish signing in.',
      data: { reason: ErrorReason.SECOND_FACTOR_REQUIRED, pendingToken: 'mZ1x9Qk3-4bTq0aW7cVfLr2sYdHn8uJpEoXiGkC5a6E' },
    },
  },
  403: {
    forbidden: { summary: 'Not allowed for this role', code: 'FORBIDDEN', message: 'Your role (AGENT) cannot invite users.' },
    featureDisabled: {
      summary: 'Feature not enabled',
      code: 'FEATURE_DISABLED',
      message: 'Helpdesk is not enabled for this organisation.',
    },
    stepUpRequired: {
      summary: 'Confirm it is you first (step-up)',
      code: 'FORBIDDEN',
      message: STEP_UP_MESSAGE,
      data: { reason: ErrorReason.STEP_UP_REQUIRED },
    },
  },
  404: { notFound: { summary: 'No such record here', code: 'NOT_FOUND', message: 'User was not found in this organisation.' } },
  409: {
    conflict: {
      summary: 'Taken',
      code: 'CONFLICT',
      message: 'The slug "contoso" is taken by Contoso.',
      data: {
        reason: ErrorReason.SLUG_TAKEN,
        fields: { slug: 'Taken by Contoso' },
        ids: { organisationId: '0b6f1c9e-2d4a-4c1e-9a57-3f0d2b8e6a11' },
      },
    },
    stillRunning: {
      summary: 'Same idempotency key still running',
      code: 'CONFLICT',
      message: 'A request with this idempotency key is still running. Wait for its answer before retrying.',
      data: { reason: ErrorReason.STILL_RUNNING },
    },
    incompatibleVersion: {
      summary: 'Another contract version',
      code: 'CONFLICT',
      message: 'This console speaks contract version 2; this instance speaks version 1. Update the older one.',
      data: { reason: ErrorReason.INCOMPATIBLE_VERSION },
    },
  },
  410: { expired: { summary: 'Link expired', code: 'EXPIRED', message: 'This link has expired. Ask for a new one.' } },
  413: {
    tooLarge: { summary: 'Body over 1 MB', code: 'TOO_LARGE', message: 'The request is larger than 1 MB, the most any operation accepts.' },
  },
  422: {
    validation: {
      summary: 'Input refused',
      code: 'VALIDATION',
      message: 'email: Enter a valid email address',
      data: { fields: { email: 'Enter a valid email address' } },
    },
  },
  500: { internal: { summary: 'Fault on the instance', code: 'INTERNAL', message: 'Something went wrong on our side.' } },
  503: {
    unavailable: {
      summary: 'Needed service missing',
      code: 'UNAVAILABLE',
      message: 'No OS keychain is available to keep the SMTP password.',
      data: { reason: ErrorReason.KEYCHAIN_UNAVAILABLE, fields: { password: 'No OS keychain on this computer' } },
    },
  },
}

const DESCRIPTIONS: Record<number, string> = {
  401: 'No live session (UNAUTHENTICATED), too many failed attempts (reason THROTTLED), or a sign-in that needs its second factor (reason SECOND_FACTOR_REQUIRED; SECOND_FACTOR_INVALID, SECOND_FACTOR_EXPIRED).',
  403: 'The caller may not do this (FORBIDDEN), the operation needs a factor proven in the last 5 minutes (FORBIDDEN with reason STEP_UP_REQUIRED: call `auth.stepUp`, then repeat), or the feature is off for the acting tenant (FEATURE_DISABLED).',
  404: 'No such record in the acting tenant (NOT_FOUND).',
  409: 'A conflict (CONFLICT): something is taken or in the wrong state, an idempotent call is still running, or the caller speaks another contract version.',
  410: 'The link has expired (EXPIRED).',
  413: 'The request body is over 1 MB (TOO_LARGE).',
  422: 'The input was refused (VALIDATION): `data.fields` names the fields.',
  500: 'A fault on the instance (INTERNAL); nothing of it is disclosed.',
  503: 'Something the operation needs is missing on the instance (UNAVAILABLE).',
}

/** The statuses every operation can answer, whatever it does (input, body size, contract version, faults). */
export const COMMON_ERROR_CODES: readonly ErrorCode[] = [ErrorCode.VALIDATION, ErrorCode.TOO_LARGE, ErrorCode.CONFLICT, ErrorCode.INTERNAL]

export const responseName = (status: number) => `Error${status}`

/** One reusable response per status (components.responses), each the one error schema with its examples. */
export function errorResponses(): Record<string, object> {
  return Object.fromEntries(
    Object.entries(EXAMPLES).map(([status, examples]) => [
      responseName(Number(status)),
      {
        description: DESCRIPTIONS[Number(status)],
        content: {
          'application/json': {
            schema: { $ref: '#/components/schemas/Error' },
            examples: Object.fromEntries(
              Object.entries(examples).map(([name, { summary, ...example }]) => [
                name,
                { summary, value: { defined: false, status: Number(status), ...example } },
              ]),
            ),
          },
        },
      },
    ]),
  )
}

/** The statuses of these codes, ascending and once each. */
export function statusesOf(codes: readonly ErrorCode[]): number[] {
  return [...new Set(codes.map((code) => errorStatus[code]))].sort((a, b) => a - b)
}

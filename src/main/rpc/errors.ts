import { ORPCError, ValidationError } from '@orpc/server'
import { AppError, ErrorCode, errorStatus, fieldErrorsFrom, type ErrorData } from '../../shared/errors'

type WireData = Omit<ErrorData, 'code' | 'message'>

function transportError(error: AppError): ORPCError<string, WireData> {
  return new ORPCError(error.code, {
    status: errorStatus[error.code],
    message: error.message,
    data: error.toWireData(),
  })
}

/**
 * Maps anything a handler threw onto the wire format `{code, message, data: {fields, reason, ids}}`.
 * Unknown errors are logged here (stack only, never inputs) and leave as INTERNAL
 * without their text, so no internals or secrets cross the boundary.
 */
export function toTransportError(error: unknown): ORPCError<string, WireData> {
  if (error instanceof AppError) return transportError(error)
  if (error instanceof ORPCError) {
    if (error.cause instanceof ValidationError) {
      if (error.code === 'BAD_REQUEST') {
        const fields = fieldErrorsFrom(error.cause.issues)
        const first = Object.entries(fields)[0]
        const message = first ? `${first[0] === '_' ? 'Input' : first[0]}: ${first[1]}` : 'Invalid input'
        return transportError(new AppError(ErrorCode.VALIDATION, message, fields))
      }
      console.error('[switchboard] output failed its contract:', error.cause.message)
      return transportError(new AppError(ErrorCode.INTERNAL, 'Something went wrong on our side.'))
    }
    return error
  }
  console.error('[switchboard] unexpected error:', error instanceof Error ? error.stack : String(error))
  return transportError(new AppError(ErrorCode.INTERNAL, 'Something went wrong on our side.'))
}

/** Errors raised while a stream is already flowing get the same mapping as any other. */
export async function* mapStreamErrors<T>(stream: AsyncIterable<T>): AsyncGenerator<T> {
  try {
    yield* stream
  } catch (error) {
    throw toTransportError(error)
  }
}

const mapErrors = async <T>(options: { next: () => Promise<T> }): Promise<T> => {
  try {
    return await options.next()
  } catch (error) {
    throw toTransportError(error)
  }
}

/** Shared by every oRPC handler (HTTP, MessagePort) so that all hosts answer alike. */
export const handlerOptions = {
  clientInterceptors: [mapErrors],
}

/**
 * The same options with arrays of their own: oRPC's plugins add interceptors to the arrays they are
 * given (RPCHandler's strict-GET check), which must not leak into another handler (OpenAPIHandler).
 */
export function newHandlerOptions() {
  return { clientInterceptors: [mapErrors] }
}

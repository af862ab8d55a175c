import type http from 'node:http'
import { AppError } from '../../shared/errors'
import { bodyLimitFor, readJsonBody } from './request-body'

interface CallOptions {
  /** Answers a refused call (body over the limits, an AppError before the handler) in the protocol's error format. */
  refuse(res: http.ServerResponse, error: unknown): void
  /** Runs the call on its body; `undefined` when it answered by itself (a replayed answer). */
  handle(body: unknown): Promise<{ matched: boolean } | undefined>
  /** Records a failure of the transport itself; never the body, which may hold secrets. */
  logFailure(message: string): void
}

/**
 * A call of the contract over HTTP, as every host serves it: the body read within the limits, then
 * handed to oRPC already parsed (it reads `req.body` when present); an unknown operation is a 404,
 * and a failure of the transport a 500 that never takes the server down.
 */
export function serveCall(req: http.IncomingMessage, res: http.ServerResponse, options: CallOptions): void {
  readJsonBody(req, bodyLimitFor(new URL(req.url ?? '/', 'http://localhost').pathname))
    .then(
      (body) => {
        Object.assign(req, { body })
        return options.handle(body).then((handled) => {
          if (handled && !handled.matched) res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('No such operation.')
        })
      },
      (refusal: unknown) => options.refuse(res, refusal),
    )
    .catch((error: unknown) => {
      if (error instanceof AppError && !res.headersSent) return options.refuse(res, error)
      options.logFailure(error instanceof Error ? error.message : String(error))
      if (!res.headersSent) res.writeHead(500).end()
    })
}

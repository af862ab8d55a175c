import type http from 'node:http'
import { toTransportError } from '../rpc/errors'

/** Answers an RPC call refused before it reached oRPC, in oRPC's own error format, so clients get a typed error. */
export function sendRpcError(res: http.ServerResponse, error: unknown): void {
  const transport = toTransportError(error)
  // The rest of an oversized body is not read: close the connection rather than drain it.
  res.writeHead(transport.status, { 'Content-Type': 'application/json', Connection: 'close' })
  res.end(JSON.stringify({ json: transport.toJSON(), meta: [] }))
}

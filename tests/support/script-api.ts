import { AUTHORIZATION_HEADER, INSTANCE_PATHS, SESSION_MODE_HEADER, SESSION_TOKEN_HEADER } from '../../src/main/remote/protocol'

/**
 * A POST to an instance's /api as a script sends it: JSON in, JSON out, bearer sessions (the token
 * from the `x-switchboard-session-token` header, sent back as `Authorization: Bearer`). `Answer` is
 * the part of the answers the test reads; `headers` go with the one call (an idempotency key).
 */
export function scriptApi<Answer>(base: string) {
  return async (operation: string, body: unknown, token?: string | null, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${INSTANCE_PATHS.api}/${operation}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        [SESSION_MODE_HEADER]: 'bearer',
        ...(token ? { [AUTHORIZATION_HEADER]: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    return { status: res.status, token: res.headers.get(SESSION_TOKEN_HEADER), json: (await res.json()) as Answer }
  }
}

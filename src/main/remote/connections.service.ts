import { randomUUID } from 'node:crypto'
import type { SwitchboardClient } from '../../shared/contract'
import { ConnectionKind, LOCAL_CONNECTION_ID, type Connection } from '../../shared/contract/connections.contract'
import { AppError, ErrorCode, ErrorReason, toAppError } from '../../shared/errors'
import type { SecretStore } from '../secrets/keychain'
import { connectionFile, type RemoteConnection } from './connection-store'
import { describeInstance } from './failures'
import { createInstanceClient, type InstanceClient, type TokenSlot } from './instance-client'
import { readCaFile } from './trust'

interface ConnectionsOptions {
  dataDir: string
  /** The OS keychain in the app; where every instance's session token is kept, and only there. */
  secrets: SecretStore
  /** For tests: a console that speaks another contract version. */
  contractVersion?: number
  timeoutMs?: number
}

export interface AddConnection {
  name: string
  url: string
  email: string
  password: string
  /** The authenticator app's code or a recovery code, for an account with two-step verification. */
  code?: string
  /** A PEM file of the organisation's certificate authority, for an instance whose certificate it signed. */
  caFile?: string
}

/** The keychain account that holds a connection's session token. */
export function tokenAccount(connectionId: string): string {
  return `connection:${connectionId}`
}

const LOCAL: Omit<Connection, 'active'> = {
  id: LOCAL_CONNECTION_ID,
  name: 'Local store',
  kind: ConnectionKind.LOCAL,
  url: null,
  host: 'This computer',
  caFile: null,
}

/** A CA file named when adding a connection that cannot be used: said on the form's field. */
function caFileRefused(problem: string): AppError {
  return new AppError(ErrorCode.VALIDATION, problem, { caFile: problem })
}

/**
 * The CA file of a connection that was added with one, read again when the connection is next
 * used (so a renewed CA file in the same place is picked up), and gone or changed since.
 */
function caFileGone(remote: RemoteConnection, problem: string): AppError {
  return new AppError(
    ErrorCode.UNAVAILABLE,
    `The CA certificate file ${remote.caFile} that ${describeInstance(remote)} was added with cannot be used: ${problem} ` +
      'Put the file back, or remove the connection and add it again with the right file.',
    undefined,
    { reason: ErrorReason.CERTIFICATE_REFUSED },
  )
}

function keychainUnavailable(error: unknown): AppError {
  const why = error instanceof Error ? error.message : String(error)
  return new AppError(
    ErrorCode.UNAVAILABLE,
    `Switchboard keeps instance sessions only in the operating system's keychain, which is not available: ${why}`,
    undefined,
    { reason: ErrorReason.KEYCHAIN_UNAVAILABLE },
  )
}

/** Said on the form's code field: the console's own session is fine, so never UNAUTHENTICATED. */
function codeRefused(message: string, reason: ErrorReason): AppError {
  return new AppError(ErrorCode.VALIDATION, message, { code: message }, { reason })
}

const CODE_NEEDED =
  'This account uses two-step verification: enter your password again and the code from your authenticator app (or a recovery code).'

/**
 * Signs in to an instance, with the second step where the account has one: the password, then the
 * code (a 6-digit one from the app, else taken as a recovery code) with the pending token the
 * instance answered. Only the session token that results reaches the slot (the keychain).
 */
async function signIn(client: SwitchboardClient, input: AddConnection): Promise<void> {
  try {
    await client.auth.signIn({ email: input.email, password: input.password })
    return
  } catch (error) {
    const refusal = toAppError(error)
    if (refusal.reason !== ErrorReason.SECOND_FACTOR_REQUIRED || !refusal.pendingToken) throw error
    if (!input.code) throw codeRefused(CODE_NEEDED, ErrorReason.SECOND_FACTOR_REQUIRED)
    const proof = /^\d{3} ?\d{3}$/.test(input.code) ? { code: input.code } : { recoveryCode: input.code }
    try {
      await client.auth.verifySecondFactor({ pendingToken: refusal.pendingToken, ...proof })
    } catch (failure) {
      const refused = toAppError(failure)
      if (refused.reason === ErrorReason.SECOND_FACTOR_INVALID) throw codeRefused(refused.message, refused.reason)
      throw failure
    }
  }
}

/**
 * The console's connections: the local store (always there) and remote instances. Which one is
 * active lasts for this run of the host; the list (no secrets) is kept in the data directory, the
 * session tokens in the OS keychain only.
 */
export function createConnections(options: ConnectionsOptions) {
  const file = connectionFile(options.dataDir)
  const { secrets } = options
  let activeId = LOCAL_CONNECTION_ID
  /** How many times a connection was chosen: only the latest choice may take effect. */
  let choices = 0
  const clients = new Map<string, InstanceClient>()
  /** Tokens as last read from or written to the keychain, so that not every call asks it. */
  const tokens = new Map<string, string | null>()

  function slot(id: string): TokenSlot {
    return {
      async get() {
        if (tokens.has(id)) return tokens.get(id) ?? null
        const token = await secrets.get(tokenAccount(id)).catch((error: unknown) => Promise.reject(keychainUnavailable(error)))
        tokens.set(id, token)
        return token
      },
      async set(token) {
        try {
          if (token) await secrets.set(tokenAccount(id), token)
          else await secrets.delete(tokenAccount(id))
        } catch (error) {
          throw keychainUnavailable(error)
        }
        tokens.set(id, token)
      },
    }
  }

  /** The instance's client, made once per run of the host; `ca` is the connection's CA file as just read, if it was. */
  function clientOf(remote: RemoteConnection, ca?: readonly string[]): InstanceClient {
    let client = clients.get(remote.id)
    if (!client) {
      if (remote.caFile && !ca) {
        const reading = readCaFile(remote.caFile)
        if (!reading.ok) throw caFileGone(remote, reading.problem)
        ca = reading.certificates
      }
      client = createInstanceClient({ instance: remote, session: slot(remote.id), ...options, ca })
      clients.set(remote.id, client)
    }
    return client
  }

  function forgetClient(id: string): void {
    void clients
      .get(id)
      ?.close()
      .catch(() => undefined)
    clients.delete(id)
  }

  function describe(remote: RemoteConnection): Connection {
    return {
      id: remote.id,
      name: remote.name,
      kind: ConnectionKind.REMOTE,
      url: remote.url,
      host: new URL(remote.url).host,
      caFile: remote.caFile ?? null,
      active: activeId === remote.id,
    }
  }

  function find(id: string): RemoteConnection {
    const remote = file.read().find((c) => c.id === id)
    if (!remote) throw new AppError(ErrorCode.NOT_FOUND, 'That connection no longer exists.')
    return remote
  }

  /** The active remote connection; the local store has none. */
  function activeRemote(): RemoteConnection | null {
    if (activeId === LOCAL_CONNECTION_ID) return null
    const remote = file.read().find((c) => c.id === activeId)
    if (!remote) activeId = LOCAL_CONNECTION_ID
    return remote ?? null
  }

  return {
    list(): Connection[] {
      return [{ ...LOCAL, active: activeId === LOCAL_CONNECTION_ID }, ...file.read().map(describe)]
    },

    active(): Connection {
      const remote = activeRemote()
      return remote ? describe(remote) : { ...LOCAL, active: true }
    },

    isRemote(): boolean {
      return activeRemote() !== null
    },

    /** The typed client of the active instance (for the relay). */
    activeClient(): SwitchboardClient {
      const remote = activeRemote()
      if (!remote) throw new AppError(ErrorCode.UNAVAILABLE, 'The console is working on the local store.')
      return clientOf(remote).client
    },

    /**
     * Checks the instance (reachable, a certificate that verifies, the same contract version), signs
     * in once with bearer sessions (the instance answers the token, which goes to the keychain) and
     * remembers the connection. Nothing is remembered when any step fails. A CA file is read first:
     * one that cannot be used is refused on its field before the instance is called.
     */
    async add(input: AddConnection): Promise<Connection> {
      let ca: string[] | undefined
      if (input.caFile) {
        const reading = readCaFile(input.caFile)
        if (!reading.ok) throw caFileRefused(reading.problem)
        ca = reading.certificates
      }
      const remote: RemoteConnection = {
        id: randomUUID(),
        name: input.name,
        url: input.url,
        ...(input.caFile ? { caFile: input.caFile } : {}),
      }
      const instance = clientOf(remote, ca)
      try {
        await instance.checkVersion()
        await signIn(instance.client, input)
        if (!(await slot(remote.id).get())) {
          throw new AppError(ErrorCode.UNAVAILABLE, `${input.url} signed you in but gave this console no session to keep.`)
        }
      } catch (error) {
        forgetClient(remote.id)
        await slot(remote.id)
          .set(null)
          .catch(() => undefined)
        throw error
      }
      file.write([...file.read(), remote])
      return describe(remote)
    },

    /** Forgets a remote connection: its session ends on the instance (when it answers) and its token leaves the keychain. */
    async remove(id: string): Promise<void> {
      if (id === LOCAL_CONNECTION_ID) throw new AppError(ErrorCode.CONFLICT, 'The local store is always there; it cannot be removed.')
      const remote = find(id)
      // A connection whose CA file is gone can still be removed; its session then ends only here.
      await Promise.resolve()
        .then(() => clientOf(remote).client.auth.signOut())
        .catch(() => undefined)
      await slot(id).set(null)
      forgetClient(id)
      tokens.delete(id)
      file.write(file.read().filter((c) => c.id !== id))
      if (activeId === id) activeId = LOCAL_CONNECTION_ID
    },

    /**
     * Switches the console to a connection. An instance that does not answer may still be chosen (the
     * console then offers Retry); one that refuses this console (version, certificate) may not.
     */
    async activate(id: string): Promise<Connection> {
      // The latest choice wins: a slow instance's check that ends after a later choice changes nothing.
      const choice = ++choices
      if (id === LOCAL_CONNECTION_ID) {
        activeId = id
        return { ...LOCAL, active: true }
      }
      const remote = find(id)
      await clientOf(remote)
        .checkVersion()
        .catch((error: unknown) => {
          if (error instanceof AppError && error.reason === ErrorReason.INSTANCE_UNREACHABLE) return
          throw error
        })
      if (choice !== choices) {
        throw new AppError(ErrorCode.CONFLICT, 'Another connection was chosen meanwhile.', undefined, {
          reason: ErrorReason.CONNECTION_CHANGED,
        })
      }
      activeId = id
      return describe(remote)
    },

    /** Whether the active connection answers, with the same errors a call would give. */
    async check(): Promise<void> {
      const remote = activeRemote()
      if (remote) await clientOf(remote).checkVersion()
    },
  }
}

export type Connections = ReturnType<typeof createConnections>

/** For a host given no data directory of connections (tests of the local backend): the local store only. */
export function localOnlyConnections(): Connections {
  const refuse = () => Promise.reject(new AppError(ErrorCode.UNAVAILABLE, 'This console keeps no connections to instances.'))
  return {
    list: () => [{ ...LOCAL, active: true }],
    active: () => ({ ...LOCAL, active: true }),
    isRemote: () => false,
    activeClient: () => {
      throw new AppError(ErrorCode.UNAVAILABLE, 'The console is working on the local store.')
    },
    add: refuse,
    remove: refuse,
    activate: (id) => (id === LOCAL_CONNECTION_ID ? Promise.resolve({ ...LOCAL, active: true }) : refuse()),
    check: () => Promise.resolve(),
  }
}

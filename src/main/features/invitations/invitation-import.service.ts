import { grantableRoles, roleFromText as roleOf, USER_MANAGERS } from '../../../shared/access'
import {
  emailSchema,
  IMPORT_CELL_MAX,
  IMPORT_FILE_MAX_BYTES,
  IMPORT_MAX_ROWS,
  IMPORT_ROW_MAX_BYTES,
  personNameSchema,
  ROLES,
  type ImportApplyInput,
  type ImportCheck,
  type ImportCheckedRow,
  type ImportResult,
  type ImportRow,
  type Role,
} from '../../../shared/contract'
import { AppError, ErrorCode } from '../../../shared/errors'
import type { Engine } from '../../db/engine'
import { requireRole } from '../access'
import type { Actor } from '../auth/auth.service'
import type { IdempotencyService } from '../idempotency/idempotency.service'
import { findById as findOrganisation } from '../organisations/organisations.repository'
import { listTeams } from '../teams/teams.repository'
import { usersByEmails } from '../users/users.repository'
import { decodeUtf8, parseCsv } from './csv'
import { openByEmails } from './invitations.repository'
import { EMAIL_ELSEWHERE, type InvitationsService } from './invitations.service'

/** The columns a file may name in its header (any case); email and role are required. */
const COLUMNS = ['email', 'role', 'name', 'team'] as const
type Column = (typeof COLUMNS)[number]

/** Rows of a chunk invited at once (each in its own transaction). */
const APPLY_PARALLEL = 4

const NO_HEADER = `The file has no header row naming its columns. Its first line must name them: email and role, and optionally name and team (in any order), e.g. "email,role,name,team".`

/** A checked row, and for one to invite, what to invite with. */
type Checked = ImportCheckedRow & { invite?: { email: string; role: Role; name?: string; teamId?: string } }

/**
 * Issue 20, Invite from file: the file is parsed and checked here, never trusted from the console;
 * invitations are sent by the invitations service's own `create` (the single invite's rules, its
 * transaction and audit row, per row), so a failing row leaves the others done.
 */
export function createInvitationImportService(engine: Engine, invitations: InvitationsService, idempotency: IdempotencyService) {
  /** The file's rows, from its bytes: refused whole when it is not a CSV file this can read. */
  function rowsOf(bytes: Uint8Array): { rows: ImportRow[]; problems: Map<number, string> } {
    if (bytes.length > IMPORT_FILE_MAX_BYTES) {
      throw new AppError(
        ErrorCode.TOO_LARGE,
        `The file is larger than ${IMPORT_FILE_MAX_BYTES / 1024 / 1024} MB. Split it into smaller files.`,
      )
    }
    if (bytes.length === 0) throw new AppError(ErrorCode.VALIDATION, 'The file is empty.')
    const records = parseCsv(decodeUtf8(bytes), IMPORT_ROW_MAX_BYTES)
    const [header, ...data] = records
    if (!header) throw new AppError(ErrorCode.VALIDATION, 'The file has no rows.')
    const at = new Map<Column, number>()
    header.cells.forEach((cell, index) => {
      const name = cell.trim().toLowerCase() as Column
      if (!COLUMNS.includes(name)) return
      if (at.has(name)) throw new AppError(ErrorCode.VALIDATION, `The header names the column "${name}" twice.`)
      at.set(name, index)
    })
    if (!at.has('email') || !at.has('role')) {
      const missing = (['email', 'role'] as const).filter((c) => !at.has(c))
      throw new AppError(
        ErrorCode.VALIDATION,
        at.size === 0 ? NO_HEADER : `The header row has no ${missing.join(' or ')} column. ${NO_HEADER}`,
      )
    }
    if (data.length > IMPORT_MAX_ROWS) {
      throw new AppError(ErrorCode.VALIDATION, `The file has ${data.length} rows; at most ${IMPORT_MAX_ROWS} are taken at once. Split it.`)
    }
    const cell = (cells: string[], column: Column) => {
      const index = at.get(column)
      return index === undefined ? '' : (cells[index] ?? '').slice(0, IMPORT_CELL_MAX)
    }
    const problems = new Map<number, string>()
    const rows = data.map((record) => {
      if (record.problem) problems.set(record.line, record.problem)
      return {
        line: record.line,
        email: cell(record.cells, 'email'),
        role: cell(record.cells, 'role'),
        name: cell(record.cells, 'name'),
        team: cell(record.cells, 'team'),
      }
    })
    return { rows, problems }
  }

  /**
   * What each row would do in the actor's acting tenant, with every lookup batched: the tenant,
   * its teams, and the users and open invitations of all the rows' emails, a few queries in all.
   */
  async function check(actor: Actor, rows: readonly ImportRow[], problems = new Map<number, string>()): Promise<Checked[]> {
    const tenantId = actor.actingTenantId
    const parsedEmails = rows.map((row) => emailSchema.safeParse(row.email))
    const emails = parsedEmails.flatMap((p) => (p.success ? [p.data] : []))
    const { inAdminTenant, teams, users, pending } = await engine.read(async (conn) => ({
      inAdminTenant: (await findOrganisation(conn, tenantId))?.isAdminTenant ?? false,
      teams: new Map((await listTeams(conn, tenantId)).map((team) => [team.name.trim().toLowerCase(), team.id])),
      users: await usersByEmails(conn, emails),
      pending: await openByEmails(conn, emails),
    }))
    const grantable = grantableRoles(actor.role, inAdminTenant)
    const firstLine = new Map<string, number>()

    return rows.map((row, n): Checked => {
      const base = { ...row, reason: null, invitationId: null }
      const invalid = (reason: string): Checked => ({ ...base, outcome: 'invalid', reason })
      const problem = problems.get(row.line)
      if (problem) return invalid(problem)
      const email = parsedEmails[n]!
      if (!email.success) return invalid(row.email.trim() === '' ? 'No email address.' : `Not a valid email address.`)
      const role = roleOf(row.role)
      if (!role) return invalid(row.role.trim() === '' ? 'No role.' : `Unknown role: use ${ROLES.join(', ')}.`)
      if (!grantable.includes(role)) return invalid(`You cannot grant ${role} here: only a SUPER_ADMIN inside the Admin Tenant can.`)
      const teamName = row.team.trim()
      const teamId = teamName ? teams.get(teamName.toLowerCase()) : undefined
      if (teamName && !teamId) return invalid(`Unknown team: this organisation has no team named "${teamName}".`)
      const name = row.name.trim() ? personNameSchema.safeParse(row.name) : null
      if (name && !name.success) return invalid(name.error.issues[0]?.message ?? 'The name is not valid.')
      const seen = firstLine.get(email.data)
      if (seen !== undefined) return invalid(`Duplicate row: line ${seen} has the same email.`)
      firstLine.set(email.data, row.line)
      const user = users.get(email.data)
      if (user) return user.tenantId === tenantId ? { ...base, outcome: 'user' } : invalid(EMAIL_ELSEWHERE)
      const invitation = pending.get(email.data)
      if (invitation) {
        return invitation.tenantId === tenantId ? { ...base, outcome: 'invited', invitationId: invitation.id } : invalid(EMAIL_ELSEWHERE)
      }
      return {
        ...base,
        outcome: 'invite',
        invite: { email: email.data, role, ...(name?.data ? { name: name.data } : {}), ...(teamId ? { teamId } : {}) },
      }
    })
  }

  /** Why a row that is not to be invited is not, as a result of Send Invitations. */
  const notSent = (row: Checked): string =>
    row.outcome === 'user'
      ? 'Already a user of this organisation.'
      : row.outcome === 'invited'
        ? 'Already invited: use Resend to send it again.'
        : (row.reason ?? 'Invalid.')

  async function applyRow(actor: Actor, row: Checked): Promise<ImportResult> {
    const email = row.invite?.email ?? row.email
    if (!row.invite) return { line: row.line, email, ok: false, invitationId: null, message: notSent(row) }
    try {
      // The single invite's path: it checks again inside its own transaction and writes its audit row.
      const { invitation } = await invitations.create(actor, row.invite)
      return { line: row.line, email, ok: true, invitationId: invitation.id, message: invitation.sendError }
    } catch (error) {
      if (!(error instanceof AppError)) throw error
      return { line: row.line, email, ok: false, invitationId: null, message: error.message }
    }
  }

  /** A few rows at a time: handing each email to the mail server is most of a row's time, and it waits on the network. */
  async function applyRows(actor: Actor, rows: readonly ImportRow[]): Promise<ImportResult[]> {
    const checked = await check(actor, rows)
    const results: ImportResult[] = new Array(checked.length)
    let next = 0
    const worker = async () => {
      while (next < checked.length) {
        const n = next++
        results[n] = await applyRow(actor, checked[n]!)
      }
    }
    await Promise.all(Array.from({ length: Math.min(APPLY_PARALLEL, checked.length) }, worker))
    return results
  }

  return {
    /** The dry run: what each row of the file would do. Changes nothing. */
    async check(actor: Actor, fileBase64: string): Promise<ImportCheck> {
      requireRole(actor, USER_MANAGERS, 'invite users')
      const { rows, problems } = rowsOf(Buffer.from(fileBase64, 'base64'))
      const checked = (await check(actor, rows, problems)).map(({ invite: _invite, ...row }) => row)
      const counts = { invite: 0, user: 0, invited: 0, invalid: 0 }
      for (const row of checked) counts[row.outcome]++
      return { rows: checked, counts }
    },

    /**
     * Sends one chunk: each row checked again and invited as a single invite is, one transaction per
     * row (so a failing row leaves the others done, and no transaction waits on the mail server). Under the chunk's key, a retry answers the first call's results instead of inviting again.
     */
    async apply(actor: Actor, input: ImportApplyInput): Promise<{ results: ImportResult[] }> {
      requireRole(actor, USER_MANAGERS, 'invite users')
      const call = { userId: actor.userId, tenantId: actor.actingTenantId, path: 'invitations.importApply', key: input.key }
      const started = await idempotency.begin(call, JSON.stringify(input.rows))
      if ('replay' in started) return JSON.parse(started.replay.body) as { results: ImportResult[] }
      try {
        const answer = { results: await applyRows(actor, input.rows) }
        await started.finish(200, JSON.stringify(answer))
        return answer
      } catch (error) {
        await started.finish(500, '')
        throw error
      }
    },
  }
}

export type InvitationImportService = ReturnType<typeof createInvitationImportService>

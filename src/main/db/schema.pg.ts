/**
 * The PostgreSQL schema (issue 19): the same tables, columns, keys and indexes as the SQLite one in
 * ./schema.ts, whose comments give each index's reason; schema-parity.test.ts
 * compares the two live schemas so that they cannot drift. Only types differ: timestamps are
 * `timestamptz(3)` and flags `boolean` (both read back as Date and boolean, as on SQLite). What
 * drizzle cannot write (extensions, triggers) is hand-written SQL in drizzle/pg.
 */
import { sql } from 'drizzle-orm'
import {
  bigint,
  boolean,
  check,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core'
import { ROLES } from '../../shared/contract/common'
import { searchText } from './search.pg'

/** Milliseconds, as SQLite's `timestamp_ms` keeps them. */
const ms = (name: string) => timestamp(name, { mode: 'date', precision: 3, withTimezone: true })
const createdAt = () => ms('created_at').notNull()

export const organisations = pgTable(
  'organisations',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    slug: text('slug').notNull(),
    isAdminTenant: boolean('is_admin_tenant').notNull().default(false),
    isDemo: boolean('is_demo').notNull().default(false),
    /** Its users must have a second factor: without one, a sign-in leads to enrolment only. */
    requireSecondFactor: boolean('require_second_factor').notNull().default(false),
    featuresEnabled: text('features_enabled'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('organisations_slug_unique').on(sql`lower(${t.slug})`),
    // Text keys in the "C" collation: byte order, and lower() folding ASCII only, as SQLite's BINARY
    // order and lower() do, whatever the database's own collation; the queries spell the same keys.
    index('organisations_name_idx').on(sql`lower(${t.name} collate "C")`, sql`${t.id} collate "C"`),
    // At most one Admin Tenant per instance: a partial unique index over the rows that are one.
    uniqueIndex('organisations_one_admin_tenant')
      .on(t.isAdminTenant)
      .where(sql`${t.isAdminTenant}`),
    // Search by name or slug (SQLite: the organisations_find FTS5 trigram table); see search.pg.ts.
    index('organisations_find_idx').using('gin', sql`${searchText(t.name, t.slug)} gin_trgm_ops`),
  ],
)

export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => organisations.id),
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    active: boolean('active').notNull().default(true),
    passwordHash: text('password_hash'),
    lastSignInAt: ms('last_sign_in_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('users_email_unique').on(sql`lower(${t.email})`),
    // Sort keys in the "C" collation, as organisations_name_idx's (see there).
    index('users_tenant_name_idx').on(t.tenantId, sql`lower(${t.name} collate "C")`, sql`${t.id} collate "C"`, sql`lower(${t.email})`),
    index('users_tenant_email_idx').on(t.tenantId, sql`lower(${t.email} collate "C")`, sql`${t.id} collate "C"`),
    // Never-signed-in users sort as -1 ms, as on SQLite (drizzle/0003); a constant literal keeps the
    // expression immutable, which an index needs.
    index('users_tenant_last_sign_in_idx').on(
      t.tenantId,
      sql`coalesce(${t.lastSignInAt}, '1969-12-31 23:59:59.999+00'::timestamptz)`,
      sql`${t.id} collate "C"`,
    ),
    index('users_tenant_role_idx').on(t.tenantId, sql`${t.role} collate "C"`, sql`${t.id} collate "C"`),
    check('users_role_check', sql`${t.role} in (${sql.raw(ROLES.map((r) => `'${r}'`).join(','))})`),
    // A UNIQUE constraint, not just an index: PostgreSQL wants the parent key of the composite
    // (tenant, user) foreign keys in place when they are made, and drizzle-kit makes indexes last.
    unique('users_tenant_id_unique').on(t.tenantId, t.id),
    // Tenant-scoped substring search (SQLite: users_find, FTS5 trigram with a tenant key). btree_gin
    // puts the tenant in the GIN key, so a search reads that tenant's trigram postings only.
    index('users_find_idx').using('gin', t.tenantId, sql`${searchText(t.name, t.email)} gin_trgm_ops`),
  ],
)

/** Kept exact by triggers on users (drizzle/pg, as drizzle/0015 on SQLite). */
export const tenantUserCounts = pgTable(
  'tenant_user_counts',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => organisations.id),
    role: text('role', { enum: ROLES }).notNull(),
    active: boolean('active').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.role, t.active] })],
)

/** Issue 20: kept exact by triggers on users and invitations (drizzle/pg), as on SQLite (schema.ts). */
export const tenantCounters = pgTable(
  'tenant_counters',
  {
    tenantId: text('tenant_id')
      .primaryKey()
      .references(() => organisations.id),
    users: integer('users').notNull().default(0),
    activeUsers: integer('active_users').notNull().default(0),
    openInvitations: integer('open_invitations').notNull().default(0),
  },
  (t) => [
    index('tenant_counters_users_idx').on(t.users, t.tenantId),
    index('tenant_counters_open_invitations_idx').on(t.openInvitations, t.tenantId),
  ],
)

/**
 * tenant_counters added up over 64 slots (a tenant's slot: a hash of its id), kept by a trigger on
 * tenant_counters (drizzle/pg/0011): the Overview's totals are 64 rows' sum, not one per tenant, and
 * two writes in different tenants wait on the same total only when their slots meet. SQLite's is
 * one row (schema.ts).
 */
export const instanceCounters = pgTable('instance_counters', {
  slot: integer('slot').primaryKey(),
  users: bigint('users', { mode: 'number' }).notNull().default(0),
  activeUsers: bigint('active_users', { mode: 'number' }).notNull().default(0),
  openInvitations: bigint('open_invitations', { mode: 'number' }).notNull().default(0),
})

/** Issue 20: per tenant and UTC day (days since 1970-01-01), as on SQLite (schema.ts). */
export const tenantDaily = pgTable(
  'tenant_daily',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => organisations.id),
    day: integer('day').notNull(),
    invitationsSent: integer('invitations_sent').notNull().default(0),
    deactivations: integer('deactivations').notNull().default(0),
    failedSignIns: integer('failed_sign_ins').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.day] }), index('tenant_daily_day_idx').on(t.day, t.tenantId)],
)

export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    tokenHash: text('token_hash').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    homeTenantId: text('home_tenant_id')
      .notNull()
      .references(() => organisations.id),
    actingTenantId: text('acting_tenant_id')
      .notNull()
      .references(() => organisations.id),
    createdAt: createdAt(),
    expiresAt: ms('expires_at').notNull(),
    revokedAt: ms('revoked_at'),
    /** When the session's user last proved a factor (sign-in, `auth.stepUp`): step-up operations need it within 5 minutes. */
    factorProvenAt: ms('factor_proven_at'),
  },
  (t) => [uniqueIndex('sessions_token_hash_unique').on(t.tokenHash), index('sessions_user_idx').on(t.userId)],
)

/** Append-only: a trigger (drizzle/pg) refuses UPDATE, DELETE and TRUNCATE. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    at: ms('at').notNull(),
    actorUserId: text('actor_user_id'),
    homeTenantId: text('home_tenant_id'),
    actingTenantId: text('acting_tenant_id'),
    action: text('action').notNull(),
    target: text('target'),
    result: text('result', { enum: ['ok', 'denied', 'failed'] }).notNull(),
    hash: text('hash'),
    appVersion: text('app_version'),
    host: text('host'),
  },
  (t) => [
    index('audit_log_tenant_idx').on(t.actingTenantId, t.id),
    index('audit_log_at_idx').on(t.at, t.id),
    index('audit_log_tenant_at_idx').on(t.actingTenantId, t.at, t.id),
    index('audit_log_tenant_action_at_idx').on(t.actingTenantId, t.action, t.at, t.id),
    index('audit_log_actor_at_idx').on(t.actorUserId, t.at, t.id),
    index('audit_log_action_at_idx').on(t.action, t.at, t.id),
    index('audit_log_target_at_idx').on(t.target, t.at, t.id),
  ],
)

export const invitations = pgTable(
  'invitations',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => organisations.id),
    email: text('email').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    tokenHash: text('token_hash').notNull(),
    invitedBy: text('invited_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    sentAt: ms('sent_at').notNull(),
    expiresAt: ms('expires_at').notNull(),
    acceptedAt: ms('accepted_at'),
    revokedAt: ms('revoked_at'),
    sendError: text('send_error'),
    /** Issue 20, bulk invite: the name the file gave, offered on the registration form; NULL = none. */
    name: text('name'),
    /** Issue 20, bulk invite: the team the invited user joins (as MEMBER) on registering; NULL = none. */
    teamId: text('team_id').references(() => teams.id),
  },
  (t) => [
    uniqueIndex('invitations_token_hash_unique').on(t.tokenHash),
    uniqueIndex('invitations_open_email_unique')
      .on(sql`lower(${t.email})`)
      .where(sql`${t.acceptedAt} is null and ${t.revokedAt} is null`),
    index('invitations_tenant_idx').on(t.tenantId, t.createdAt),
    index('invitations_open_tenant_sent_idx')
      .on(t.tenantId, t.sentAt, t.id)
      .where(sql`${t.acceptedAt} is null and ${t.revokedAt} is null`),
    // Issue 20: All Invitations, soonest to expire first — across tenants, and within one.
    index('invitations_open_expires_idx')
      .on(t.expiresAt, t.id)
      .where(sql`${t.acceptedAt} is null and ${t.revokedAt} is null`),
    index('invitations_open_tenant_expires_idx')
      .on(t.tenantId, t.expiresAt, t.id)
      .where(sql`${t.acceptedAt} is null and ${t.revokedAt} is null`),
  ],
)

export const passwordResets = pgTable(
  'password_resets',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    tokenHash: text('token_hash').notNull(),
    createdAt: createdAt(),
    expiresAt: ms('expires_at').notNull(),
    usedAt: ms('used_at'),
    revokedAt: ms('revoked_at'),
  },
  (t) => [uniqueIndex('password_resets_token_hash_unique').on(t.tokenHash), index('password_resets_user_idx').on(t.userId)],
)

export const outbox = pgTable(
  'outbox',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => organisations.id),
    to: text('to_address').notNull(),
    subject: text('subject').notNull(),
    text: text('text_body').notNull(),
    html: text('html_body').notNull(),
    superAdminOnly: boolean('super_admin_only').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('outbox_tenant_idx').on(t.tenantId, t.createdAt)],
)

export const tickets = pgTable(
  'tickets',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => organisations.id),
    number: integer('number').notNull(),
    subject: text('subject').notNull(),
    status: text('status', { enum: ['OPEN', 'PENDING', 'RESOLVED', 'CLOSED'] }).notNull(),
    assigneeId: text('assignee_id').references(() => users.id),
    teamId: text('team_id').references(() => teams.id),
    createdBy: text('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('tickets_tenant_number_unique').on(t.tenantId, t.number),
    index('tickets_assignee_idx').on(t.assigneeId),
    index('tickets_created_by_idx').on(t.createdBy),
    index('tickets_team_idx').on(t.teamId),
    foreignKey({ name: 'tickets_team_tenant_fk', columns: [t.tenantId, t.teamId], foreignColumns: [teams.tenantId, teams.id] }),
    foreignKey({ name: 'tickets_assignee_tenant_fk', columns: [t.tenantId, t.assigneeId], foreignColumns: [users.tenantId, users.id] }),
  ],
)

export const comments = pgTable(
  'comments',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => organisations.id),
    ticketId: text('ticket_id')
      .notNull()
      .references(() => tickets.id),
    authorId: text('author_id')
      .notNull()
      .references(() => users.id),
    body: text('body').notNull(),
    isPublic: boolean('is_public').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('comments_ticket_idx').on(t.ticketId), index('comments_author_idx').on(t.authorId)],
)

export const timeEntries = pgTable(
  'time_entries',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => organisations.id),
    ticketId: text('ticket_id')
      .notNull()
      .references(() => tickets.id),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    minutes: integer('minutes').notNull(),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [index('time_entries_ticket_idx').on(t.ticketId), index('time_entries_user_idx').on(t.userId)],
)

export const licence = pgTable(
  'licence',
  {
    id: integer('id').primaryKey(),
    text: text('text').notNull(),
    installedAt: ms('installed_at').notNull(),
    installedBy: text('installed_by').references(() => users.id),
  },
  (t) => [check('licence_single_row', sql`${t.id} = 1`)],
)

export const teams = pgTable(
  'teams',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => organisations.id),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    signature: text('signature'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('teams_tenant_name_unique').on(t.tenantId, sql`lower(${t.name})`),
    unique('teams_tenant_id_unique').on(t.tenantId, t.id),
  ],
)

export const teamMembers = pgTable(
  'team_members',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => organisations.id),
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role', { enum: ['MEMBER', 'MANAGER'] }).notNull(),
    addedAt: ms('added_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.teamId, t.userId] }),
    index('team_members_user_idx').on(t.userId),
    index('team_members_tenant_idx').on(t.tenantId, t.teamId),
    check('team_members_role_check', sql`${t.role} in ('MEMBER','MANAGER')`),
    foreignKey({ name: 'team_members_team_tenant_fk', columns: [t.tenantId, t.teamId], foreignColumns: [teams.tenantId, teams.id] }),
    foreignKey({ name: 'team_members_user_tenant_fk', columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }),
  ],
)

export const recentTenants = pgTable(
  'recent_tenants',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => organisations.id),
    usedAt: ms('used_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.tenantId] }), index('recent_tenants_user_used_idx').on(t.userId, t.usedAt)],
)

export const emailSettings = pgTable(
  'email_settings',
  {
    id: integer('id').primaryKey(),
    host: text('host').notNull(),
    port: integer('port').notNull(),
    security: text('security', { enum: ['none', 'starttls', 'tls'] }).notNull(),
    username: text('username').notNull().default(''),
    fromAddress: text('from_address').notNull(),
    passwordAccount: text('password_account'),
    updatedAt: ms('updated_at').notNull(),
    updatedBy: text('updated_by').references(() => users.id),
  },
  (t) => [check('email_settings_single_row', sql`${t.id} = 1`)],
)

export const instanceSettings = pgTable(
  'instance_settings',
  {
    id: integer('id').primaryKey(),
    superAdminSecondFactor: boolean('super_admin_second_factor').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [check('instance_settings_single_row', sql`${t.id} = 1`)],
)

export const attemptThrottle = pgTable(
  'attempt_throttle',
  {
    key: text('key').primaryKey(),
    failures: integer('failures').notNull(),
    blockedUntil: ms('blocked_until').notNull(),
    lastFailureAt: ms('last_failure_at').notNull(),
  },
  (t) => [index('attempt_throttle_last_failure_idx').on(t.lastFailureAt)],
)

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    userId: text('user_id').notNull(),
    tenantId: text('tenant_id').notNull(),
    path: text('path').notNull(),
    key: text('key').notNull(),
    fingerprint: text('fingerprint').notNull(),
    status: integer('status'),
    body: text('body'),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.tenantId, t.path, t.key] }), index('idempotency_keys_created_idx').on(t.createdAt)],
)

export const demoStore = pgTable(
  'demo_store',
  {
    id: integer('id').primaryKey(),
    seed: integer('seed').notNull(),
    anchoredAt: ms('anchored_at').notNull(),
    adminUserId: text('admin_user_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [check('demo_store_single_row', sql`${t.id} = 1`)],
)

export const userFactors = pgTable(
  'user_factors',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind', { enum: ['totp'] }).notNull(),
    secret: text('secret').notNull(),
    confirmedAt: ms('confirmed_at'),
    lastUsedStep: integer('last_used_step'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('user_factors_user_kind_unique').on(t.userId, t.kind), check('user_factors_kind_check', sql`${t.kind} in ('totp')`)],
)

export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    codeHash: text('code_hash').notNull(),
    usedAt: ms('used_at'),
    createdAt: createdAt(),
  },
  (t) => [index('recovery_codes_user_idx').on(t.userId)],
)

export const secondFactorResets = pgTable('second_factor_resets', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id),
  resetAt: ms('reset_at').notNull(),
})

export const signInChallenges = pgTable(
  'sign_in_challenges',
  {
    id: text('id').primaryKey(),
    tokenHash: text('token_hash').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    expiresAt: ms('expires_at').notNull(),
    usedAt: ms('used_at'),
  },
  (t) => [
    uniqueIndex('sign_in_challenges_token_hash_unique').on(t.tokenHash),
    index('sign_in_challenges_user_idx').on(t.userId),
    index('sign_in_challenges_expires_idx').on(t.expiresAt),
  ],
)

export const passkeys = pgTable(
  'passkeys',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    credentialId: text('credential_id').notNull(),
    publicKey: text('public_key').notNull(),
    counter: bigint('counter', { mode: 'number' }).notNull().default(0),
    transports: text('transports').notNull().default(''),
    name: text('name').notNull(),
    createdAt: createdAt(),
    lastUsedAt: ms('last_used_at'),
  },
  (t) => [uniqueIndex('passkeys_credential_id_unique').on(t.credentialId), index('passkeys_user_idx').on(t.userId, t.createdAt)],
)

export const webauthnChallenges = pgTable(
  'webauthn_challenges',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    ownerId: text('owner_id').notNull(),
    purpose: text('purpose', { enum: ['register', 'step-up', 'sign-in'] }).notNull(),
    challenge: text('challenge').notNull(),
    createdAt: createdAt(),
    expiresAt: ms('expires_at').notNull(),
  },
  (t) => [
    uniqueIndex('webauthn_challenges_owner_purpose_unique').on(t.ownerId, t.purpose),
    index('webauthn_challenges_expires_idx').on(t.expiresAt),
    check('webauthn_challenges_purpose_check', sql`${t.purpose} in ('register', 'step-up', 'sign-in')`),
  ],
)

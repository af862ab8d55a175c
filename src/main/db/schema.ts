import { sql } from 'drizzle-orm'
import { check, foreignKey, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { ROLES } from '../../shared/contract/common'

const createdAt = () => integer('created_at', { mode: 'timestamp_ms' }).notNull()

export const organisations = sqliteTable(
  'organisations',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    slug: text('slug').notNull(),
    isAdminTenant: integer('is_admin_tenant', { mode: 'boolean' }).notNull().default(false),
    isDemo: integer('is_demo', { mode: 'boolean' }).notNull().default(false),
    /** Its users must have a second factor: without one, a sign-in leads to enrolment only. */
    requireSecondFactor: integer('require_second_factor', { mode: 'boolean' }).notNull().default(false),
    /** JSON array of feature codes, or NULL for "all licence features". */
    featuresEnabled: text('features_enabled'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('organisations_slug_unique').on(sql`lower(${t.slug})`),
    index('organisations_name_idx').on(sql`lower(${t.name})`, t.id),
    // At most one Admin Tenant per instance, guaranteed by the database itself.
    uniqueIndex('organisations_one_admin_tenant')
      .on(t.isAdminTenant)
      .where(sql`${t.isAdminTenant} = 1`),
  ],
)

export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => organisations.id),
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    passwordHash: text('password_hash'),
    lastSignInAt: integer('last_sign_in_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('users_email_unique').on(sql`lower(${t.email})`),
    // Issue 13: also holds lower(email), so a short search term is checked along a tenant's range
    // without reading its rows (only the matches are fetched).
    index('users_tenant_name_idx').on(t.tenantId, sql`lower(${t.name})`, t.id, sql`lower(${t.email})`),
    index('users_tenant_email_idx').on(t.tenantId, sql`lower(${t.email})`, t.id),
    // users_tenant_last_sign_in_idx (an expression drizzle-kit cannot write) is in drizzle/0003.
    index('users_tenant_role_idx').on(t.tenantId, t.role, t.id),
    check('users_role_check', sql`${t.role} in (${sql.raw(ROLES.map((r) => `'${r}'`).join(','))})`),
    // The parent key of the composite (tenant, user) references: work goes to a user of the same tenant.
    // Issue 13: also the tenant's index by id (users_tenant_idx, its duplicate, is gone), and the
    // status counts come from tenant_user_counts (users_tenant_active_role_idx is gone): two fewer
    // B-trees for every user written.
    uniqueIndex('users_tenant_id_unique').on(t.tenantId, t.id),
  ],
)

/**
 * Issue 13: how many users each tenant has, by role and status, kept exact by triggers on `users`
 * (drizzle/0015): totals and per-organisation user counts are read here instead of counted.
 */
export const tenantUserCounts = sqliteTable(
  'tenant_user_counts',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => organisations.id),
    role: text('role', { enum: ROLES }).notNull(),
    active: integer('active', { mode: 'boolean' }).notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.role, t.active] })],
)

/**
 * Issue 20, the Overview: one row per tenant with its users and open invitations, kept exact by
 * triggers on `users` and `invitations` (drizzle/0021), so that the tenants with the most users or
 * invitations are read off an index of the counter, never counted. Open = neither accepted nor
 * revoked (pending or expired: expiry is time, not a write).
 */
export const tenantCounters = sqliteTable(
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
 * The Overview's totals across every tenant: tenant_counters added up, kept by a trigger on
 * tenant_counters itself (drizzle/0025), so that the totals are a few rows' sum instead of one per
 * tenant. SQLite has one writer and uses slot 0 only; PostgreSQL spreads tenants over 64 slots
 * (schema.pg.ts), so that writes in different tenants seldom wait on one row. The totals are the sum
 * over every slot on both.
 */
export const instanceCounters = sqliteTable('instance_counters', {
  slot: integer('slot').primaryKey(),
  users: integer('users').notNull().default(0),
  activeUsers: integer('active_users').notNull().default(0),
  openInvitations: integer('open_invitations').notNull().default(0),
})

/**
 * Issue 20, the Overview: what happened in a tenant per UTC day (days since 1970-01-01).
 * Invitations sent (a new invitation or a Resend) by triggers on `invitations` from its `sent_at`;
 * deactivations and failed sign-ins by the overview repository, in the transaction that records
 * them, at the injected clock's time.
 */
export const tenantDaily = sqliteTable(
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

export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    /** SHA-256 of the token, base64url; the token itself is never stored. */
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
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
    /** When the session's user last proved a factor (sign-in, `auth.stepUp`): step-up operations need it within 5 minutes. */
    factorProvenAt: integer('factor_proven_at', { mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('sessions_token_hash_unique').on(t.tokenHash), index('sessions_user_idx').on(t.userId)],
)

/** Append-only: a migration adds triggers that refuse UPDATE and DELETE. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    actorUserId: text('actor_user_id'),
    homeTenantId: text('home_tenant_id'),
    actingTenantId: text('acting_tenant_id'),
    action: text('action').notNull(),
    target: text('target'),
    result: text('result', { enum: ['ok', 'denied', 'failed'] }).notNull(),
    // Trust (issue 10, migration 0013): tamper evidence and provenance. NULL on rows written before
    // it; the hash chain starts at the first row that has one (see audit-chain.ts).
    /** SHA-256 (hex) over the previous row's hash and this row's canonical fields. */
    hash: text('hash'),
    appVersion: text('app_version'),
    /** Where the row was written: "local store" today; an instance URL for remote instances. */
    host: text('host'),
  },
  (t) => [
    index('audit_log_tenant_idx').on(t.actingTenantId, t.id),
    // Issue 10, Admin → Audit Log: the list is newest first by (at, id); each filter has an index
    // that seeks it and gives that order, so no filter combination sorts or scans the whole log.
    index('audit_log_at_idx').on(t.at, t.id),
    index('audit_log_tenant_at_idx').on(t.actingTenantId, t.at, t.id),
    // Also lists a tenant's distinct actions (the Action filter) by skipping through it.
    index('audit_log_tenant_action_at_idx').on(t.actingTenantId, t.action, t.at, t.id),
    // Also counts an actor's recent denied rows, to bound them (trust).
    index('audit_log_actor_at_idx').on(t.actorUserId, t.at, t.id),
    index('audit_log_action_at_idx').on(t.action, t.at, t.id),
    index('audit_log_target_at_idx').on(t.target, t.at, t.id),
  ],
)

export const invitations = sqliteTable(
  'invitations',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => organisations.id),
    email: text('email').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    /** SHA-256 of the current link's token; replaced on Resend so the old link dies. */
    tokenHash: text('token_hash').notNull(),
    invitedBy: text('invited_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }).notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    acceptedAt: integer('accepted_at', { mode: 'timestamp_ms' }),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
    /** Why the last email could not be sent; NULL once a send succeeds. */
    sendError: text('send_error'),
    /** Issue 20, bulk invite: the name the file gave, offered on the registration form; NULL = none. */
    name: text('name'),
    /** Issue 20, bulk invite: the team the invited user joins (as MEMBER) on registering; NULL = none. */
    teamId: text('team_id').references(() => teams.id),
  },
  (t) => [
    uniqueIndex('invitations_token_hash_unique').on(t.tokenHash),
    // One open invitation per email on the instance (users' emails are unique instance-wide too).
    uniqueIndex('invitations_open_email_unique')
      .on(sql`lower(${t.email})`)
      .where(sql`${t.acceptedAt} is null and ${t.revokedAt} is null`),
    index('invitations_tenant_idx').on(t.tenantId, t.createdAt),
    // Issue 13: the open invitations of a tenant, newest sent first, read straight off this index.
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

export const passwordResets = sqliteTable(
  'password_resets',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    tokenHash: text('token_hash').notNull(),
    createdAt: createdAt(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('password_resets_token_hash_unique').on(t.tokenHash), index('password_resets_user_idx').on(t.userId)],
)

/** Mail kept on this machine: every message when no SMTP server is configured, and demo tenancies' mail. */
export const outbox = sqliteTable(
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
    /** Mail about a SUPER_ADMIN account (its links grant SUPER_ADMIN): only SUPER_ADMINs read it. */
    superAdminOnly: integer('super_admin_only', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('outbox_tenant_idx').on(t.tenantId, t.createdAt)],
)

export const tickets = sqliteTable(
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
    // A ticket's team and assignee belong to the ticket's tenant: the database refuses anything else.
    foreignKey({ name: 'tickets_team_tenant_fk', columns: [t.tenantId, t.teamId], foreignColumns: [teams.tenantId, teams.id] }),
    foreignKey({ name: 'tickets_assignee_tenant_fk', columns: [t.tenantId, t.assigneeId], foreignColumns: [users.tenantId, users.id] }),
  ],
)

export const comments = sqliteTable(
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
    isPublic: integer('is_public', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('comments_ticket_idx').on(t.ticketId), index('comments_author_idx').on(t.authorId)],
)

export const timeEntries = sqliteTable(
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

/** The instance's licence: at most one row (id = 1), the signed file as installed. */
export const licence = sqliteTable(
  'licence',
  {
    id: integer('id').primaryKey(),
    text: text('text').notNull(),
    installedAt: integer('installed_at', { mode: 'timestamp_ms' }).notNull(),
    installedBy: text('installed_by').references(() => users.id),
  },
  (t) => [check('licence_single_row', sql`${t.id} = 1`)],
)

export const teams = sqliteTable(
  'teams',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => organisations.id),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    /** Footer for public replies sent as this team, with {{placeholders}}; NULL = none. */
    signature: text('signature'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('teams_tenant_name_unique').on(t.tenantId, sql`lower(${t.name})`),
    // The parent key of the composite (tenant, team) references.
    uniqueIndex('teams_tenant_id_unique').on(t.tenantId, t.id),
  ],
)

export const teamMembers = sqliteTable(
  'team_members',
  {
    /** The team's tenant, so that the database can hold its members to that tenant too. */
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
    addedAt: integer('added_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.teamId, t.userId] }),
    index('team_members_user_idx').on(t.userId),
    // Issue 13: a tenant's memberships (the Teams page) without scanning every tenant's.
    index('team_members_tenant_idx').on(t.tenantId, t.teamId),
    check('team_members_role_check', sql`${t.role} in ('MEMBER','MANAGER')`),
    foreignKey({ name: 'team_members_team_tenant_fk', columns: [t.tenantId, t.teamId], foreignColumns: [teams.tenantId, teams.id] }),
    foreignKey({ name: 'team_members_user_tenant_fk', columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }),
  ],
)

/** Tenants an operator switched into lately, most recent first in the tenant switcher. */
export const recentTenants = sqliteTable(
  'recent_tenants',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => organisations.id),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.tenantId] }), index('recent_tenants_user_used_idx').on(t.userId, t.usedAt)],
)

// ── Issue 10: Admin → Settings → Email ──────────────────────────────────────────────────────────

/**
 * The SMTP server mail goes out through, as saved in Settings → Email: at most one row (id = 1).
 * The password is not here: it lives in the OS keychain under `password_account`.
 */
export const emailSettings = sqliteTable(
  'email_settings',
  {
    id: integer('id').primaryKey(),
    host: text('host').notNull(),
    port: integer('port').notNull(),
    security: text('security', { enum: ['none', 'starttls', 'tls'] }).notNull(),
    username: text('username').notNull().default(''),
    fromAddress: text('from_address').notNull(),
    /** The keychain account holding the password (random per store); NULL = no password saved. */
    passwordAccount: text('password_account'),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
    updatedBy: text('updated_by').references(() => users.id),
  },
  (t) => [check('email_settings_single_row', sql`${t.id} = 1`)],
)

/**
 * Instance-wide security settings: at most one row (id = 1). `super_admin_second_factor`: every
 * SUPER_ADMIN must have a second factor (issue 25). First-run setup writes the row, on unless the
 * operator unticks it; a store set up before this setting existed has no row, which reads as off.
 * SWITCHBOARD_SUPER_ADMIN_SECOND_FACTOR overrides it while set (config.ts).
 */
export const instanceSettings = sqliteTable(
  'instance_settings',
  {
    id: integer('id').primaryKey(),
    superAdminSecondFactor: integer('super_admin_second_factor', { mode: 'boolean' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [check('instance_settings_single_row', sql`${t.id} = 1`)],
)

// ── Trust (issue 10, migration 0013) ────────────────────────────────────────────────────────────

/**
 * Failed attempts per key (a typed sign-in email, or a host's link attempts), surviving restarts.
 * Bounded: rows idle for a day are pruned, and the table is capped (see throttle.service.ts).
 */
export const attemptThrottle = sqliteTable(
  'attempt_throttle',
  {
    key: text('key').primaryKey(),
    failures: integer('failures').notNull(),
    blockedUntil: integer('blocked_until', { mode: 'timestamp_ms' }).notNull(),
    lastFailureAt: integer('last_failure_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('attempt_throttle_last_failure_idx').on(t.lastFailureAt)],
)

/**
 * Answers to mutations sent with an idempotency key (instance server): a retry of the same call
 * (same user, acting tenant, operation and key) gets the recorded answer instead of running the
 * mutation again. Kept 24 hours. `status` is null while the first request is still running.
 * `fingerprint` is an HMAC of the request body under the instance's fingerprint key (bodies may
 * carry secrets, such as an SMTP password), never the body or a bare hash of it.
 */
export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    userId: text('user_id').notNull(),
    tenantId: text('tenant_id').notNull(),
    path: text('path').notNull(),
    key: text('key').notNull(),
    fingerprint: text('fingerprint').notNull(),
    status: integer('status'),
    body: text('body'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.tenantId, t.path, t.key] }), index('idempotency_keys_created_idx').on(t.createdAt)],
)

/**
 * Present (one row, id = 1) only in a store made by "Explore the demo": what it was generated from,
 * so that Reset demo can make exactly the same data again, and whom the prospect is signed in as.
 */
export const demoStore = sqliteTable(
  'demo_store',
  {
    id: integer('id').primaryKey(),
    seed: integer('seed').notNull(),
    /** The moment the data's dates are relative to ("3 weeks ago"), kept so a reset gives the same rows. */
    anchoredAt: integer('anchored_at', { mode: 'timestamp_ms' }).notNull(),
    /** The demo SUPER_ADMIN the prospect is signed in as, without a password. */
    adminUserId: text('admin_user_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [check('demo_store_single_row', sql`${t.id} = 1`)],
)

// ── Second factors (issue 25) ───────────────────────────────────────────────────────────────────

/**
 * A user's second factors. `secret` is the TOTP key sealed with AES-256-GCM under the store's
 * factor key (factor.key in the data folder, never in the database: see factors/factor-secret.ts).
 * A factor counts once `confirmed_at` is set (a first code was accepted); `last_used_step` is the
 * 30-second step of the last accepted code, so that no code is accepted twice.
 */
export const userFactors = sqliteTable(
  'user_factors',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind', { enum: ['totp'] }).notNull(),
    secret: text('secret').notNull(),
    confirmedAt: integer('confirmed_at', { mode: 'timestamp_ms' }),
    lastUsedStep: integer('last_used_step'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('user_factors_user_kind_unique').on(t.userId, t.kind), check('user_factors_kind_check', sql`${t.kind} in ('totp')`)],
)

/** Ten single-use codes per user, argon2id-hashed as passwords are; regenerating deletes the old ones. */
export const recoveryCodes = sqliteTable(
  'recovery_codes',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    codeHash: text('code_hash').notNull(),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [index('recovery_codes_user_idx').on(t.userId)],
)

/**
 * Users whose second factor an administrator reset (lost device): they must set one up again, so
 * their next sessions are limited to enrolment whatever their organisation requires. The row goes
 * when they confirm a new factor.
 */
export const secondFactorResets = sqliteTable('second_factor_resets', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id),
  resetAt: integer('reset_at', { mode: 'timestamp_ms' }).notNull(),
})

/**
 * The half-way point of a sign-in with a second factor: the password was right, the code is still to
 * come. Only the SHA-256 of its token is kept; it lives 5 minutes and is consumed once.
 */
export const signInChallenges = sqliteTable(
  'sign_in_challenges',
  {
    id: text('id').primaryKey(),
    tokenHash: text('token_hash').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    uniqueIndex('sign_in_challenges_token_hash_unique').on(t.tokenHash),
    index('sign_in_challenges_user_idx').on(t.userId),
    index('sign_in_challenges_expires_idx').on(t.expiresAt),
  ],
)

/**
 * A user's passkeys (WebAuthn credentials), a second factor after the password. `credential_id` is the
 * authenticator's id (base64url, unique across users); `public_key` the COSE key (base64url);
 * `counter` the signature counter last seen (an assertion with a counter not above it is refused).
 */
export const passkeys = sqliteTable(
  'passkeys',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    credentialId: text('credential_id').notNull(),
    publicKey: text('public_key').notNull(),
    counter: integer('counter').notNull().default(0),
    /** The transports the authenticator named, comma-separated ('' when none). */
    transports: text('transports').notNull().default(''),
    name: text('name').notNull(),
    createdAt: createdAt(),
    lastUsedAt: integer('last_used_at', { mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('passkeys_credential_id_unique').on(t.credentialId), index('passkeys_user_idx').on(t.userId, t.createdAt)],
)

/**
 * A pending WebAuthn challenge: at most one per owner and purpose — the owner is a session
 * (registration, step-up) or a half-way sign-in (`sign_in_challenges.id`). Taken (deleted) by the
 * first response that comes back, right or wrong; it lives 5 minutes.
 */
export const webauthnChallenges = sqliteTable(
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
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    uniqueIndex('webauthn_challenges_owner_purpose_unique').on(t.ownerId, t.purpose),
    index('webauthn_challenges_expires_idx').on(t.expiresAt),
    check('webauthn_challenges_purpose_check', sql`${t.purpose} in ('register', 'step-up', 'sign-in')`),
  ],
)

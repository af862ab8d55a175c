import { sql } from 'drizzle-orm'
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

const createdAt = () => integer('created_at', { mode: 'timestamp_ms' }).notNull()

export const organisations = sqliteTable(
  'organisations',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    slug: text('slug').notNull(),
    isAdminTenant: integer('is_admin_tenant', { mode: 'boolean' }).notNull().default(false),
    isDemo: integer('is_demo', { mode: 'boolean' }).notNull().default(false),
    /** JSON array of feature codes, or NULL for "all licence features". */
    featuresEnabled: text('features_enabled'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('organisations_slug_unique').on(sql`lower(${t.slug})`),
    // At most one Admin Tenant per instance, guaranteed by the database itself.
    uniqueIndex('organisations_one_admin_tenant').on(t.isAdminTenant).where(sql`${t.isAdminTenant} = 1`),
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
    role: text('role', { enum: ['SUPER_ADMIN', 'ADMIN', 'AGENT', 'READ_ONLY'] }).notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    passwordHash: text('password_hash'),
    lastSignInAt: integer('last_sign_in_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('users_email_unique').on(sql`lower(${t.email})`),
    index('users_tenant_idx').on(t.tenantId, t.id),
    check('users_role_check', sql`${t.role} in ('SUPER_ADMIN','ADMIN','AGENT','READ_ONLY')`),
  ],
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
  },
  (t) => [index('audit_log_tenant_idx').on(t.actingTenantId, t.id)],
)

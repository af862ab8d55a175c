-- Hand-written (drizzle-kit writes no extensions): trigram search (pg_trgm) with the tenant in the
-- same GIN key (btree_gin), used by drizzle/pg/0001's search indexes. Both are trusted extensions: the
-- database owner may create them. pg-store.ts creates them before migrating, and names the one it
-- cannot create, so this is a no-op there; it keeps the folder complete for drizzle-kit migrate.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS btree_gin;

import { defineConfig } from 'drizzle-kit'

/** PostgreSQL migrations (issue 19), beside the SQLite ones in drizzle/ (drizzle.config.ts). */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/main/db/schema.pg.ts',
  out: './drizzle/pg',
})

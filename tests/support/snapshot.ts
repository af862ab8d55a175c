import type { Backend } from '../../src/main/backend'

/**
 * Every row of every table, for "changed nothing" checks: identical before and after. Audit rows of
 * refused attempts are the one write a refusal may make, so `denied` rows are left out (checked
 * on their own), as are tables named in `except`.
 */
export function snapshot(backend: Backend, except: readonly string[] = []): string {
  // Ordinary tables only: search indexes (virtual tables and their shadow tables) are derived from them.
  const tables = (
    backend.store.sqlite
      .prepare(`select name from pragma_table_list where schema = 'main' and type = 'table' and name not like 'sqlite_%' order by name`)
      .all() as { name: string }[]
  ).filter(({ name }) => !except.includes(name))
  const rowsOf = (name: string) =>
    name === 'audit_log' ? `select * from audit_log where result != 'denied' order by rowid` : `select * from "${name}" order by rowid`
  return JSON.stringify(tables.map(({ name }) => [name, backend.store.sqlite.prepare(rowsOf(name)).all()]))
}

import type { Db } from './store'

/** What a repository function needs: the database or a transaction (they share this API). */
export type Reader = Pick<Db, 'select'>
export type Writer = Pick<Db, 'insert' | 'update' | 'delete'>
/** The transaction handed to `db.transaction`'s callback. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

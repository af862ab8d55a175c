/**
 * Opens a store, applying its pending migrations, for the crash-safety test:
 *   node --import tsx tests/support/open-store.ts DATA_DIR
 * Says "migrating" once loaded, just before the migrations start, and "migrated <ms>" after.
 */
import { defaultMigrationsFolder } from '../../src/main/backend'
import { openStore } from '../../src/main/db/store'

process.stdout.write('migrating\n')
const started = performance.now()
openStore(process.argv[2]!, { migrationsFolder: defaultMigrationsFolder() }).close()
process.stdout.write(`migrated ${Math.round(performance.now() - started)}\n`)

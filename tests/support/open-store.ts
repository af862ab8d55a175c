/**
 * Opens a store, applying its pending migrations, for the crash-safety test:
 *   node --import tsx tests/support/open-store.ts DATA_DIR
 * Says "migrating" once loaded, just before the migrations start, and "migrated" after.
 */
import { defaultMigrationsFolder } from '../../src/main/backend'
import { openStore } from '../../src/main/db/store'

process.stdout.write('migrating\n')
openStore(process.argv[2]!, { migrationsFolder: defaultMigrationsFolder() }).close()
process.stdout.write('migrated\n')

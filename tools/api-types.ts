/**
 * Writes examples/switchboard-api.d.ts, the openapi-typescript types of the instance's document
 * that the README's scripting example uses (tests/api/scripting-example.test.ts keeps it current):
 *   npx tsx tools/api-types.ts
 */
import { writeFileSync } from 'node:fs'
import { API_TYPES_FILE, apiTypes } from '../tests/api/api-types'

writeFileSync(API_TYPES_FILE, await apiTypes())
console.log(`Wrote ${API_TYPES_FILE}`)

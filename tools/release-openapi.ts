/**
 * Records the current OpenAPI document as the last released one (tests/api/openapi.released.json).
 * Run it when a release ships, and after a deliberate break once CONTRACT_VERSION is raised:
 *   npx tsx tools/release-openapi.ts
 */
import { writeFileSync } from 'node:fs'
import { generatedDocument } from '../tests/api/api-document'
import { RELEASED_DOCUMENT } from '../tests/api/released-document'

const document = await generatedDocument()
writeFileSync(RELEASED_DOCUMENT, `${JSON.stringify(document, null, 2)}\n`)
console.log(`Recorded API version ${document.info.version} as released: ${RELEASED_DOCUMENT}`)

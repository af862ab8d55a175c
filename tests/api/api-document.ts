import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { openApiDocument, type OpenApiDocument } from '../../src/main/instance/openapi-document'

/** The base URL the committed snapshot and the generated types are made with (any instance's differs only there). */
export const DOCUMENT_BASE = 'https://switchboard.instance.invalid'

export const generatedDocument = () => openApiDocument(DOCUMENT_BASE)

/** The document written to a fresh temporary file, for tools that read files. */
export function writeTempDocument(document: OpenApiDocument | object): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'switchboard-openapi-')), 'openapi.json')
  writeFileSync(file, JSON.stringify(document, null, 2))
  return file
}

import { AppError, ErrorCode } from '../../../shared/errors'

/** One record of a CSV file: the line it starts on (1-based; quoted newlines count), its cells as text. */
export interface CsvRecord {
  line: number
  cells: string[]
  /** Set when the record is malformed but its end is still known (text after a closing quote). */
  problem?: string
}

const QUOTE = 0x22
const COMMA = 0x2c
const LF = 0x0a
const CR = 0x0d

/**
 * Decodes a file's bytes as UTF-8, refusing anything else (a spreadsheet saved as Windows-1252
 * must not silently become U+FFFD in names); a leading byte-order mark is dropped.
 */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    throw new AppError(ErrorCode.VALIDATION, 'The file is not UTF-8 text. Save it as "CSV UTF-8" and choose it again.')
  }
}

/**
 * RFC 4180 records of `text`: comma-separated, fields in double quotes may hold commas, quotes
 * (doubled) and line breaks; records end at CRLF, LF or a lone CR. Lines with no text in any cell
 * are skipped. Cells are kept exactly as written (never evaluated: "=1+1" is those four characters).
 * Refuses a record longer than `maxRecordBytes` (in UTF-8) and a quote left open at the end.
 */
export function parseCsv(text: string, maxRecordBytes: number): CsvRecord[] {
  const records: CsvRecord[] = []
  const n = text.length
  let i = 0
  let line = 1
  while (i < n) {
    const start = i
    const startLine = line
    const cells: string[] = []
    let problem: string | undefined
    // One record: cells until an unquoted line break or the end of the text.
    for (;;) {
      let cell: string
      if (text.charCodeAt(i) === QUOTE) {
        let value = ''
        let from = ++i
        for (;;) {
          const q = text.indexOf('"', i)
          if (q === -1) {
            throw new AppError(ErrorCode.VALIDATION, `Line ${startLine}: a quoted cell is never closed (a " is missing).`)
          }
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += text.slice(from, q + 1)
            i = from = q + 2
            continue
          }
          value += text.slice(from, q)
          i = q + 1
          break
        }
        line += lineBreaks(value)
        // RFC 4180 allows nothing between a closing quote and the next comma or line end.
        const end = nextBreak(text, i)
        if (end > i) {
          problem ??= `Line ${startLine}: text after a closing quote ("${text.slice(i, Math.min(end, i + 20))}"); quote the whole cell.`
          value += text.slice(i, end)
          i = end
        }
        cell = value
      } else {
        const end = nextBreak(text, i)
        cell = text.slice(i, end)
        i = end
      }
      cells.push(cell)
      if (i < n && text.charCodeAt(i) === COMMA) {
        i++
        continue
      }
      break
    }
    // The line break ending the record.
    if (text.charCodeAt(i) === CR) {
      i++
      if (text.charCodeAt(i) === LF) i++
    } else if (text.charCodeAt(i) === LF) i++
    line++
    const length = i - start
    // A UTF-16 unit is at most 3 bytes of UTF-8: only a long record needs counting.
    if (length * 3 > maxRecordBytes && Buffer.byteLength(text.slice(start, i)) > maxRecordBytes) {
      throw new AppError(
        ErrorCode.TOO_LARGE,
        `Line ${startLine}: the row is larger than ${maxRecordBytes / 1024 / 1024} MB, the most a row may be.`,
      )
    }
    if (cells.every((c) => c.trim() === '')) continue
    records.push(problem ? { line: startLine, cells, problem } : { line: startLine, cells })
  }
  return records
}

/** Where the unquoted text from `from` ends: the next comma, CR, LF or the end. */
function nextBreak(text: string, from: number): number {
  let i = from
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === COMMA || c === LF || c === CR) break
  }
  return i
}

/** Line breaks inside a quoted cell: CRLF, LF and a lone CR count one each (as between records). */
function lineBreaks(value: string): number {
  let count = 0
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (c === LF || (c === CR && value.charCodeAt(i + 1) !== LF)) count++
  }
  return count
}

import { describe, expect, it } from 'vitest'
import { failure } from '../../../../tests/support/failure'
import { decodeUtf8, parseCsv } from './csv'

const MB = 1024 * 1024
const parse = (text: string) => parseCsv(text, MB).map((r) => (r.problem ? [r.line, r.cells, r.problem] : [r.line, r.cells]))

describe('the CSV parser (RFC 4180)', () => {
  it('reads records split by LF, CRLF or a lone CR, with their line numbers', () => {
    expect(parse('a,b\nc,d')).toEqual([
      [1, ['a', 'b']],
      [2, ['c', 'd']],
    ])
    expect(parse('a,b\r\nc,d\r\n')).toEqual([
      [1, ['a', 'b']],
      [2, ['c', 'd']],
    ])
    expect(parse('a\rb\r')).toEqual([
      [1, ['a']],
      [2, ['b']],
    ])
  })

  it('skips empty lines and lines of empty cells, keeping later line numbers true', () => {
    expect(parse('a,b\n\n\r\n,,\n c , d \n')).toEqual([
      [1, ['a', 'b']],
      [5, [' c ', ' d ']],
    ])
  })

  it('reads quoted cells holding commas, doubled quotes and line breaks', () => {
    expect(parse('"a,1","say ""hi""","two\r\nlines"\nnext,"",x')).toEqual([
      [1, ['a,1', 'say "hi"', 'two\r\nlines']],
      [3, ['next', '', 'x']],
    ])
    expect(parse('"x\ny\nz"\nafter')).toEqual([
      [1, ['x\ny\nz']],
      [4, ['after']],
    ])
    // An empty last cell, and a quoted one at the end of the text.
    expect(parse('a,\n"b"')).toEqual([
      [1, ['a', '']],
      [2, ['b']],
    ])
  })

  it('marks text after a closing quote as a problem of that row, and refuses a quote never closed', async () => {
    expect(parse('"ab"c,d\nok')).toEqual([
      [1, ['abc', 'd'], 'Line 1: text after a closing quote ("c"); quote the whole cell.'],
      [2, ['ok']],
    ])
    const open = await failure(() => parseCsv('a\n"never closed,b\nc', MB))
    expect([open.code, open.message]).toEqual(['VALIDATION', 'Line 2: a quoted cell is never closed (a " is missing).'])
  })

  it('keeps formula-looking cells as plain text', () => {
    const cells = ['=1+1', '+SUM(A1)', '-2', '@cmd', '\tx', '\rx', '=HYPERLINK("http://evil.test")']
    const text = cells.map((c) => `"${c.replaceAll('"', '""')}"`).join(',')
    expect(parseCsv(text, MB)[0]!.cells).toEqual(cells)
  })

  it('refuses a row over the limit, counting its UTF-8 bytes', async () => {
    const row = 'é'.repeat(600) // 1,200 bytes in 600 characters
    expect(parseCsv(`a\n${'x'.repeat(1000)}`, 1001)).toHaveLength(2)
    const big = await failure(() => parseCsv(`a\n${row}\n`, 1000))
    expect([big.code, big.message]).toEqual(['TOO_LARGE', expect.stringMatching(/^Line 2: the row is larger than/)])
  })

  it('reads 5,000 rows', () => {
    const text = ['email,role', ...Array.from({ length: 5000 }, (_, n) => `p${n}@example.test,AGENT`)].join('\r\n')
    const records = parseCsv(text, MB)
    expect(records).toHaveLength(5001)
    expect(records.at(-1)).toEqual({ line: 5001, cells: ['p4999@example.test', 'AGENT'] })
  })
})

describe('decoding a file', () => {
  it('takes UTF-8, dropping a byte-order mark', () => {
    expect(decodeUtf8(new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0xc3, 0xa9]))).toBe('aé')
  })

  it('refuses bytes that are not UTF-8 (Windows-1252 "é")', async () => {
    const error = await failure(() => decodeUtf8(new Uint8Array([0x61, 0xe9, 0x62])))
    expect([error.code, error.message]).toEqual(['VALIDATION', 'The file is not UTF-8 text. Save it as "CSV UTF-8" and choose it again.'])
  })
})

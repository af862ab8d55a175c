import { describe, expect, it } from 'vitest'
import { csvCell, csvLine } from './csv'

describe('CSV cells', () => {
  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvLine(['plain', 'a,b', 'say "hi"', 'two\nlines', 'cr\r', null, 42])).toBe(
      'plain,"a,b","say ""hi""","two\nlines","cr\r",,42\r\n',
    )
  })

  it('neutralises cells a spreadsheet would run as formulas', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(csvCell(`${start}HYPERLINK("x")`).replace(/^"/, '')).toMatch(/^'/)
    expect(csvCell('=1+1')).toBe("'=1+1")
    expect(csvCell('@SUM(A1),x')).toBe(`"'@SUM(A1),x"`)
    expect(csvCell('a=b')).toBe('a=b')
    expect(csvCell(-3)).toBe('-3')
  })
})

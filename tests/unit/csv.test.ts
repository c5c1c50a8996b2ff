import { describe, expect, it } from 'vitest'
import { decodeCsvBytes, parseCsv, toCsv } from '#app/lib/csv'

const bytes = (text: string) => new TextEncoder().encode(text)

describe('reading CSV', () => {
  it('numbers each record by the line it starts on, across quoted line breaks', () => {
    const result = parseCsv('a,b\r\n"one\nstill one","x ""quoted"""\n3,4\n')
    expect(result).toEqual({
      ok: true,
      records: [
        { line: 1, fields: ['a', 'b'] },
        { line: 2, fields: ['one\nstill one', 'x "quoted"'] },
        { line: 4, fields: ['3', '4'] },
      ],
    })
  })
  it('reports an unclosed quote at the line where it opened', () => {
    expect(parseCsv('a,b\n1,"never closed\n2,3\n')).toEqual({
      ok: false,
      problems: [{ line: 2, message: 'a quoted field opened here is never closed' }],
    })
  })
  it('reports a stray quote inside an unquoted field', () => {
    const result = parseCsv('a,b\n1,x"y\n')
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.problems[0].line).toBe(2)
  })
  it('keeps empty fields and skips blank lines', () => {
    expect(parseCsv(',,\n\n1,,\n')).toEqual({
      ok: true,
      records: [
        { line: 1, fields: ['', '', ''] },
        { line: 3, fields: ['1', '', ''] },
      ],
    })
  })
  it('writes what it reads', () => {
    const rows = [
      ['a', 'b,c'],
      ['line\nbreak', 'say "hi"'],
      [' padded', ''],
    ]
    const result = parseCsv(toCsv(rows))
    expect(result.ok && result.records.map((r) => r.fields)).toEqual(rows)
  })
})

describe('decoding an upload', () => {
  it('drops a UTF-8 byte-order mark', () => {
    expect(decodeCsvBytes(bytes('\uFEFFa,b'))).toEqual({ ok: true, text: 'a,b' })
  })
  it('refuses a binary file', () => {
    const result = decodeCsvBytes(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))
    expect(result).toEqual({ ok: false, problem: { line: 1, message: 'the file is binary, not a CSV text file' } })
  })
  it('refuses a file that is not UTF-8, naming the line', () => {
    const latin1 = new Uint8Array([...bytes('a,b\nok,ok\ncaf'), 0xe9, ...bytes(',x\n')])
    const result = decodeCsvBytes(latin1)
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.problem.line).toBe(3)
      expect(result.problem.message).toMatch(/not UTF-8/)
    }
  })
})

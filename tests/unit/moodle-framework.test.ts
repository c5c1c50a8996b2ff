import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseCsv } from '#app/lib/csv'
import { MOODLE_COLUMNS } from '#app/models/frameworks/moodle-csv'
import { readMoodleFramework } from '#app/models/frameworks/moodle-csv-reader'
import { writeMoodleFramework } from '#app/models/frameworks/moodle-csv-writer'

const fixturePath = path.resolve(__dirname, '../../../shared/fixtures/moodle-competency-framework-example.csv')
const options = { versionLabel: 'Imported', fileName: 'example.csv' }
const encode = (text: string) => new TextEncoder().encode(text)
const header = MOODLE_COLUMNS.map((c) => `"${c}"`).join(',')
const frameworkRow = ',FW,"Test framework",,1,"No,Yes","[{""scaleid"":""2""}]",,,,,,1,competency'
const row = (parent: string, id: string, name = id, xref = '') => `${parent},${id},"${name}",,1,,,,0,null,"${xref}",,,`
const problemsOf = (text: string) => {
  const result = readMoodleFramework(encode(text), options)
  return result.ok ? [] : result.problems
}

describe.skipIf(!fs.existsSync(fixturePath))("Moodle's own example file", () => {
  const bytes = () => new Uint8Array(fs.readFileSync(fixturePath))

  it('imports cleanly', () => {
    const result = readMoodleFramework(bytes(), options)
    if (!result.ok) throw new Error(JSON.stringify(result.problems))
    const { document, counts } = result.preview
    expect(document.framework).toMatchObject({ code: 'OECD-CORE', name: 'OECD' })
    expect(counts).toEqual({ levels: 5, domains: 19, capabilities: 39 })
    expect(document.levels.map((l) => l.name)).toEqual(['Level 1', 'Level 2', 'Level 3', 'Level 4', 'Level 5'])
    const analytical = document.capabilities.find((c) => c.code === 'DR-AT1')
    expect(analytical).toMatchObject({ domain: 'analytical-thinking', level: 'level-1', descriptionFormat: 1 })
    expect(document.domains.find((d) => d.code === 'delivery')).toMatchObject({ parent: 'competencies' })
    expect(document.moodle).toMatchObject({ scaleValues: 'Not yet competent,Competent' })
  })

  it('round-trips: export then import gives the same tree', () => {
    const first = readMoodleFramework(bytes(), options)
    if (!first.ok) throw new Error('fixture did not import')
    const exported = writeMoodleFramework(first.preview.document)
    const second = readMoodleFramework(encode(exported), options)
    if (!second.ok) throw new Error(JSON.stringify(second.problems))
    expect(second.preview.document).toEqual(first.preview.document)
  })
})

describe('names that a spreadsheet would run as formulas', () => {
  const formula = '=HYPERLINK("http://x","y")'
  const csvText = (value: string) => `"${value.replace(/"/g, '""')}"`
  const text = [
    header,
    frameworkRow,
    `,D,${csvText('+SUM(1,2)')},${csvText('- a bulleted description')},4,,,,0,null,,,,`,
    `D,C1,${csvText(formula)},${csvText('@cmd')},1,,,,0,null,,,,`,
    `D,C2,${csvText("'just an apostrophe")},,1,,,,0,null,,,,`,
  ].join('\n')
  const imported = () => {
    const result = readMoodleFramework(encode(text), options)
    if (!result.ok) throw new Error(JSON.stringify(result.problems))
    return result.preview.document
  }
  const cellsOf = (csv: string) => {
    const parsed = parseCsv(csv)
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems))
    return parsed.records.flatMap((record) => record.fields)
  }

  it('are imported exactly as written', () => {
    const document = imported()
    expect(document.capabilities.map((c) => [c.statement, c.description])).toEqual([
      [formula, '@cmd'],
      ["'just an apostrophe", null],
    ])
    expect(document.domains[0]).toMatchObject({ name: '+SUM(1,2)', description: '- a bulleted description' })
  })

  it('are exported with a leading apostrophe, so that no cell starts a formula', () => {
    const cells = cellsOf(writeMoodleFramework(imported()))
    expect(cells.filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([])
    expect(cells).toContain(`'${formula}`)
    expect(cells).toEqual(expect.arrayContaining(["'+SUM(1,2)", "'- a bulleted description", "'@cmd"]))
    expect(cells).toContain("'just an apostrophe")
  })

  it('come back unchanged when the export is imported again, even one that began with an apostrophe', () => {
    const first = imported()
    first.capabilities[1].statement = "'=already quoted"
    const exported = writeMoodleFramework(first)
    expect(cellsOf(exported)).toContain("''=already quoted")
    const second = readMoodleFramework(encode(exported), options)
    if (!second.ok) throw new Error(JSON.stringify(second.problems))
    expect(second.preview.document).toEqual(first)
  })
})

describe('a bad Moodle file', () => {
  it('reports a wrong column count with its line', () => {
    expect(problemsOf([header, frameworkRow, 'a,b,c'].join('\n'))).toEqual([
      { line: 3, message: 'expected 14 columns, found 3' },
    ])
  })
  it('reports a header that is not Moodle’s', () => {
    expect(problemsOf('name,description\nx,y\n')[0].message).toMatch(/header must have Moodle's 14 columns/)
  })
  it('reports an unclosed quote', () => {
    expect(problemsOf([header, frameworkRow, ',A,"never closed,,1,,,,0,null,,,,'].join('\n'))).toEqual([
      { line: 3, message: 'a quoted field opened here is never closed' },
    ])
  })
  it('reports an unknown parent and a duplicate id number, each with its line', () => {
    const text = [header, frameworkRow, row('', 'A'), row('NOPE', 'B'), row('A', 'C'), row('A', 'C')].join('\n')
    expect(problemsOf(text)).toEqual([
      { line: 4, message: "unknown parent 'NOPE'" },
      { line: 6, message: "duplicate id number 'C' (first on line 5)" },
    ])
  })
  it('reports parents that form a cycle', () => {
    const text = [header, frameworkRow, row('B', 'A'), row('A', 'B')].join('\n')
    expect(problemsOf(text)).toEqual([{ line: 3, message: 'parents form a cycle: A → B → A' }])
  })
  it('reports a missing framework row and an unknown cross-reference', () => {
    const text = [header, row('', 'A', 'A', 'GHOST')].join('\n')
    expect(problemsOf(text)).toEqual([
      { line: 2, message: 'no row is marked "Is framework" = 1' },
      { line: 2, message: "cross-reference to unknown id number 'GHOST'" },
    ])
  })
  it('refuses a file over the size limit without reading it', () => {
    const big = new Uint8Array(50 * 1024 * 1024)
    expect(readMoodleFramework(big, options)).toEqual({
      ok: false,
      problems: [{ line: 0, message: 'the file is 50.0 MB; the largest accepted is 10 MB' }],
    })
  })
  it('refuses a binary file and an empty one', () => {
    expect(readMoodleFramework(new Uint8Array([1, 2, 0, 4]), options)).toMatchObject({
      ok: false,
      problems: [{ message: /binary/ }],
    })
    expect(readMoodleFramework(new Uint8Array(), options)).toMatchObject({
      ok: false,
      problems: [{ message: 'the file is empty' }],
    })
  })
})

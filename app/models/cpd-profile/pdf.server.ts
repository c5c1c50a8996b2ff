import type { Kysely } from 'kysely'
import { PDFDocument, type PDFFont, type PDFPage, StandardFonts, rgb } from 'pdf-lib'
import type { DB } from '#db/schema'
import { formatUkDate } from '#app/lib/dates'
import {
  type ActivityReflection,
  type CpdProfileView,
  listActivityReflections,
  loadCpdProfileView,
} from './cpd-profile.server'
import { ACTIVITY_TYPES, EVIDENCE_FIELD_LABELS, EVIDENCE_TEXT_FIELDS } from '#app/models/evidence/evidence.schema'
import { describeHours, formatHours } from '#app/lib/hours'
import { textWidth, toWinAnsi, wrap } from '#app/lib/pdf-text.server'

const PAGE: [number, number] = [595.28, 841.89]
const MARGIN = 56
const WIDTH = PAGE[0] - 2 * MARGIN
const BODY_SIZE = 10.5
const BODY_LEADING = 14.5
const INK = rgb(0.1, 0.1, 0.1)
const MUTED = rgb(0.33, 0.33, 0.33)
const RULE = rgb(0.72, 0.72, 0.72)

interface TextStyle {
  font?: 'regular' | 'bold'
  size?: number
  leading?: number
  color?: ReturnType<typeof rgb>
}

interface Column {
  label: string
  width: number
  align?: 'right'
}

/** Flows text down A4 pages, starting a new page whenever the next line or table row would not fit. */
class PdfWriter {
  private page!: PDFPage
  private y = 0

  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: { regular: PDFFont; bold: PDFFont },
  ) {
    this.newPage()
  }

  private newPage() {
    this.page = this.doc.addPage(PAGE)
    this.y = PAGE[1] - MARGIN
  }

  /** Starts a new page unless `height` more points fit on this one. */
  ensure(height: number) {
    if (this.y - height < MARGIN) this.newPage()
  }

  space(height: number) {
    this.y -= height
  }

  paragraph(text: string, style: TextStyle = {}) {
    const font = this.fonts[style.font ?? 'regular']
    const size = style.size ?? BODY_SIZE
    const leading = style.leading ?? BODY_LEADING
    for (const [index, block] of toWinAnsi(text)
      .trim()
      .split(/\n\s*\n/)
      .entries()) {
      if (index > 0) this.space(leading / 2)
      for (const source of block.split('\n')) {
        for (const line of wrap(source, font, size, WIDTH)) {
          this.ensure(leading)
          this.page.drawText(line, { x: MARGIN, y: this.y - size, size, font, color: style.color ?? INK })
          this.y -= leading
        }
      }
    }
  }

  /** A heading is kept on the same page as the first lines after it. */
  heading(text: string, size: number) {
    this.space(size * 0.8)
    this.ensure(size * 1.5 + BODY_LEADING * 3)
    this.paragraph(text, { font: 'bold', size, leading: size * 1.35 })
    this.space(size * 0.25)
  }

  table(columns: Column[], rows: string[][]) {
    const size = 9.5
    const leading = 12
    const pad = 4
    const layOut = (cells: string[], header: boolean) => {
      const font = header ? this.fonts.bold : this.fonts.regular
      const wrapped = cells.map((cell, i) =>
        wrap(toWinAnsi(cell).replace(/\n/g, ' '), font, size, columns[i].width - 2 * pad),
      )
      const height = Math.max(...wrapped.map((lines) => lines.length)) * leading + 2 * pad
      return { wrapped, height, font, header }
    }
    const render = ({ wrapped, height, font, header }: ReturnType<typeof layOut>) => {
      let x = MARGIN
      wrapped.forEach((lines, i) => {
        lines.forEach((line, n) => {
          const offset = columns[i].align === 'right' ? columns[i].width - pad - textWidth(line, font, size) : pad
          this.page.drawText(line, { x: x + offset, y: this.y - pad - size - n * leading, size, font, color: INK })
        })
        x += columns[i].width
      })
      this.y -= height
      this.page.drawLine({
        start: { x: MARGIN, y: this.y },
        end: { x: MARGIN + WIDTH, y: this.y },
        thickness: header ? 1 : 0.5,
        color: header ? INK : RULE,
      })
    }
    const header = layOut(
      columns.map((c) => c.label),
      true,
    )
    this.ensure(header.height + leading * 2)
    render(header)
    for (const cells of rows) {
      const row = layOut(cells, false)
      if (this.y - row.height < MARGIN) {
        this.newPage()
        render(header)
      }
      render(row)
    }
  }

  /** Footers go on last, once the page count is known. */
  footers(left: string) {
    const pages = this.doc.getPages()
    const size = 8.5
    const label = toWinAnsi(left)
    pages.forEach((page, i) => {
      const number = `Page ${i + 1} of ${pages.length}`
      const numberWidth = textWidth(number, this.fonts.regular, size)
      const [leftLine] = wrap(label, this.fonts.regular, size, WIDTH - numberWidth - 24)
      page.drawText(leftLine, { x: MARGIN, y: MARGIN / 2, size, font: this.fonts.regular, color: MUTED })
      page.drawText(number, {
        x: MARGIN + WIDTH - numberWidth,
        y: MARGIN / 2,
        size,
        font: this.fonts.regular,
        color: MUTED,
      })
    })
  }
}

export interface CpdProfilePdfInput extends Pick<CpdProfileView, 'profile' | 'activities' | 'gaps'> {
  name: string
  today: string
  createdAt: Date
  reflections: ActivityReflection[]
}

const activityType = (code: string | null) => (code ? ACTIVITY_TYPES[code as keyof typeof ACTIVITY_TYPES] : 'Not set')
const activityDates = (a: { startsOn: string; endsOn: string | null }) =>
  a.endsOn && a.endsOn !== a.startsOn
    ? `${formatUkDate(a.startsOn)} to ${formatUkDate(a.endsOn)}`
    : formatUkDate(a.startsOn)
const monthLabel = (month: string) => formatUkDate(`${month}-01`).slice(2)

/** The profile in the order HCPC reads it (FACTS.md §3.4), as PDF bytes. */
export async function buildCpdProfilePdf(input: CpdProfilePdfInput): Promise<Uint8Array> {
  const { profile, activities, gaps } = input
  const period = `${formatUkDate(profile.periodFrom)} to ${formatUkDate(profile.periodTo)}`
  const doc = await PDFDocument.create()
  doc.setTitle(`HCPC CPD profile: ${input.name}, ${period}`, { showInWindowTitleBar: true })
  doc.setAuthor(input.name)
  doc.setSubject('Continuing professional development profile for HCPC audit')
  doc.setKeywords(['HCPC', 'CPD'])
  doc.setCreator('OT Capability Portal')
  doc.setLanguage('en-GB')
  doc.setCreationDate(input.createdAt)
  doc.setModificationDate(input.createdAt)
  const writer = new PdfWriter(doc, {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
  })

  writer.paragraph('Continuing professional development profile', { font: 'bold', size: 18, leading: 24 })
  writer.space(4)
  writer.paragraph(`Name: ${input.name}`)
  writer.paragraph(`CPD period: ${period}`)
  writer.paragraph(`Prepared on ${formatUkDate(input.today)}`, { color: MUTED })

  writer.heading('1. Summary of practice history', 14)
  writer.paragraph(profile.summary || 'Not written yet.')

  writer.heading('2. Dated list of CPD activities', 14)
  if (activities.length === 0) {
    writer.paragraph('No dated CPD activities in this period.')
  } else {
    const totalMinutes = activities.reduce((sum, a) => sum + (a.minutes ?? 0), 0)
    writer.table(
      [
        { label: 'Date', width: 112 },
        { label: 'Activity', width: WIDTH - 112 - 110 - 44 },
        { label: 'Type', width: 110 },
        { label: 'Hours', width: 44, align: 'right' },
      ],
      activities.map((a) => [
        activityDates(a),
        a.status === 'draft' ? `${a.title} (draft)` : a.title,
        activityType(a.activityType),
        a.minutes ? formatHours(a.minutes) : '',
      ]),
    )
    writer.space(6)
    writer.paragraph(
      `${activities.length} ${activities.length === 1 ? 'activity' : 'activities'}, ${describeHours(totalMinutes)} in total.`,
    )
  }

  if (gaps.length > 0) {
    writer.heading('3. Gaps of three months or more without CPD', 14)
    for (const gap of gaps) {
      writer.ensure(BODY_LEADING * 2)
      writer.paragraph(`${monthLabel(gap.from)} to ${monthLabel(gap.to)} (${gap.months} months)`, { font: 'bold' })
      writer.paragraph(profile.gapExplanations[gap.from] ?? 'Not yet explained.')
      writer.space(6)
    }
  }

  const n = gaps.length > 0 ? 4 : 3
  writer.heading(`${n}. Statement of how I have met the standards`, 14)
  writer.paragraph(profile.statement || 'Not written yet.')

  writer.heading(`${n + 1}. Activities described in the statement`, 14)
  const chosen = new Set(profile.chosenEvidenceIds)
  const reflections = new Map(input.reflections.map((r) => [r.id, r]))
  const described = activities.filter((a) => chosen.has(a.id))
  if (described.length === 0) writer.paragraph('No activities chosen yet.')
  for (const activity of described) {
    writer.heading(activity.title, 12)
    const hours = activity.minutes ? describeHours(activity.minutes) : 'hours not recorded'
    writer.paragraph(`${activityDates(activity)} · ${activityType(activity.activityType)} · ${hours}`, { color: MUTED })
    const written = reflections.get(activity.id)
    for (const field of EVIDENCE_TEXT_FIELDS) {
      const text = written?.[field]?.trim()
      if (!text) continue
      writer.space(4)
      writer.ensure(BODY_LEADING * 2)
      writer.paragraph(EVIDENCE_FIELD_LABELS[field], { font: 'bold' })
      writer.paragraph(text)
    }
    writer.space(4)
    const files = activity.files.map((f) => f.fileName).join(', ')
    writer.paragraph(`Supporting evidence: ${files || 'no files attached'}`, { color: MUTED })
  }

  writer.footers(`${input.name}: HCPC CPD profile, ${period}`)
  return doc.save()
}

/** The signed-in person's saved profile as a PDF, with a file name that carries its period. */
export async function createCpdProfilePdf(
  db: Kysely<DB>,
  input: { ownerId: string; name: string; today: string; now: Date },
): Promise<{ bytes: Uint8Array; fileName: string }> {
  const view = await loadCpdProfileView(db, { ownerId: input.ownerId, today: input.today })
  const chosenIds = view.activities.filter((a) => view.profile.chosenEvidenceIds.includes(a.id)).map((a) => a.id)
  const reflections = await listActivityReflections(db, { ownerId: input.ownerId, ids: chosenIds })
  const bytes = await buildCpdProfilePdf({
    ...view,
    name: input.name,
    today: input.today,
    createdAt: input.now,
    reflections,
  })
  const safe = (date: string) => date.replace(/[^0-9-]/g, '')
  return { bytes, fileName: `cpd-profile-${safe(view.profile.periodFrom)}-to-${safe(view.profile.periodTo)}.pdf` }
}

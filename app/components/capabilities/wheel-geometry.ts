/**
 * The geometry of the career development wheel, pure so it can be tested: pillars as sectors around a circle,
 * levels as rings outward, and in each sector three bars side by side (self-mapped, signed off, needed by the
 * role). Pillar names sit in bands above and below the circle, where they can neither overlap it nor each other.
 */

export const WHEEL_WIDTH = 440
export const LABEL_FONT = 19
const LABEL_LINE = 22
const LABEL_LINES = 3
const BAND = LABEL_LINES * LABEL_LINE + 12
const GAP = 12
export const RADIUS = 140
const CENTRE_X = WHEEL_WIDTH / 2
const CENTRE_Y = BAND + GAP + RADIUS
export const WHEEL_HEIGHT = CENTRE_Y + RADIUS + GAP + BAND
const MARGIN = 8
/** A generous average glyph width for the label font, as a share of its size, so wrapped lines never overrun. */
const GLYPH = 0.56

export const BAR_KINDS = ['self', 'achieved', 'required'] as const
export type BarKind = (typeof BAR_KINDS)[number]

export interface WheelSpoke {
  name: string
  /** Levels as ordinals, 0 for none. */
  self: number
  achieved: number
  required: number
  /** The desirable level the role works towards, 0 for none. */
  desirable?: number
}

export interface Point {
  x: number
  y: number
}

export interface WheelLabel {
  lines: string[]
  /** The font size and line height, smaller only where many pillars share a band. */
  fontSize: number
  lineHeight: number
  x: number
  /** The baseline of the first line. */
  y: number
  anchor: 'start' | 'middle' | 'end'
  /** The box the text takes up, estimated generously, for the layout checks. */
  box: { left: number; right: number; top: number; bottom: number }
}

export interface WheelSector {
  name: string
  bars: { kind: BarKind; level: number; path: string | null; end: Point }[]
  /** The desirable level as an arc across the role's bar, when the role sets one. */
  desirableArc: string | null
  /** The sector's boundary line from the centre to the outer ring. */
  edge: { from: Point; to: Point }
  label: WheelLabel
}

export interface Wheel {
  width: number
  height: number
  centre: Point
  /** Every level's ring; on a long scale only every other one is numbered, so the numbers stay large enough to read. */
  rings: { level: number; r: number; labelAt: Point; numbered: boolean }[]
  sectors: WheelSector[]
}

/** Splits a name over lines of at most `width` characters, breaking only between words. */
export function wrapLabel(name: string, width: number): string[] {
  const lines: string[] = []
  for (const word of name.split(/\s+/).filter(Boolean)) {
    const last = lines.at(-1)
    if (last !== undefined && `${last} ${word}`.length <= width) lines[lines.length - 1] = `${last} ${word}`
    else lines.push(word)
  }
  return lines
}

/** A point at `r` from the centre, `degrees` clockwise from straight up. */
export function polar(degrees: number, r: number): Point {
  const radians = (degrees * Math.PI) / 180
  return { x: round(CENTRE_X + r * Math.sin(radians)), y: round(CENTRE_Y - r * Math.cos(radians)) }
}

function round(value: number) {
  return Math.round(value * 100) / 100
}

/** A wedge from the centre out to `r`, between two angles (clockwise from up). */
export function wedgePath(from: number, to: number, r: number): string {
  const a = polar(from, r)
  const b = polar(to, r)
  return `M ${CENTRE_X} ${CENTRE_Y} L ${a.x} ${a.y} A ${r} ${r} 0 0 1 ${b.x} ${b.y} Z`
}

function arcPath(from: number, to: number, r: number): string {
  const a = polar(from, r)
  const b = polar(to, r)
  return `M ${a.x} ${a.y} A ${r} ${r} 0 0 1 ${b.x} ${b.y}`
}

/** The largest font, from LABEL_FONT down, at which every name of a band fits its slot in three lines. */
function bandFont(names: readonly string[], slot: number): { fontSize: number; chars: number } {
  for (let fontSize = LABEL_FONT; fontSize > 10; fontSize -= 1) {
    const chars = Math.floor(slot / (fontSize * GLYPH)) - 1
    const fits = names.every((name) => {
      const lines = wrapLabel(name, chars)
      return lines.length <= LABEL_LINES && lines.every((line) => line.length <= chars)
    })
    if (fits) return { fontSize, chars }
  }
  return { fontSize: 10, chars: Math.floor(slot / (10 * GLYPH)) - 1 }
}

export function buildWheel(spokes: readonly WheelSpoke[], maxLevel: number): Wheel {
  const span = 360 / spokes.length
  const radius = (level: number) => (RADIUS * Math.min(Math.max(level, 0), maxLevel)) / maxLevel
  const pad = Math.min(6, span / 12)
  const barSpan = (span - 2 * pad) / BAR_KINDS.length
  const centres = spokes.map((_, i) => i * span + span / 2)
  // Sectors whose middle points upwards are named above the circle, the others below, left to right.
  const upper = centres.map((c, i) => ({ c, i })).filter(({ c }) => Math.cos((c * Math.PI) / 180) > 1e-9)
  const lower = centres.map((c, i) => ({ c, i })).filter(({ c }) => Math.cos((c * Math.PI) / 180) <= 1e-9)
  const labels = new Map<number, WheelLabel>()
  for (const [band, top] of [
    [upper, true],
    [lower, false],
  ] as const) {
    const ordered = [...band].sort((a, b) => Math.sin((a.c * Math.PI) / 180) - Math.sin((b.c * Math.PI) / 180))
    const slot = (WHEEL_WIDTH - 2 * MARGIN) / Math.max(ordered.length, 1)
    const { fontSize, chars } = bandFont(
      ordered.map(({ i }) => spokes[i]!.name),
      slot,
    )
    const lineHeight = Math.round(fontSize * 1.16)
    ordered.forEach(({ i }, position) => {
      const lines = wrapLabel(spokes[i]!.name, chars).slice(0, LABEL_LINES)
      const anchor =
        ordered.length === 1 ? 'middle' : position === 0 ? 'start' : position === ordered.length - 1 ? 'end' : 'middle'
      const left = MARGIN + position * slot
      const x = anchor === 'start' ? left : anchor === 'end' ? left + slot : left + slot / 2
      const height = lines.length * lineHeight
      // Names above the circle sit on the band's floor; names below hang from its ceiling.
      const topEdge = top ? BAND - height : CENTRE_Y + RADIUS + GAP + 4
      const widest = Math.max(...lines.map((line) => line.length)) * fontSize * GLYPH
      const boxLeft = anchor === 'start' ? x : anchor === 'end' ? x - widest : x - widest / 2
      labels.set(i, {
        lines,
        fontSize,
        lineHeight,
        x: round(x),
        y: round(topEdge + fontSize),
        anchor,
        box: { left: boxLeft, right: boxLeft + widest, top: topEdge, bottom: topEdge + height },
      })
    })
  }
  const sectors = spokes.map((spoke, i): WheelSector => {
    const start = i * span
    const bars = BAR_KINDS.map((kind, k) => {
      const from = start + pad + k * barSpan + 0.75
      const to = start + pad + (k + 1) * barSpan - 0.75
      const level = spoke[kind]
      return {
        kind,
        level,
        path: level > 0 ? wedgePath(from, to, radius(level)) : null,
        end: polar((from + to) / 2, radius(level)),
      }
    })
    const roleFrom = start + pad + 2 * barSpan
    return {
      name: spoke.name,
      bars,
      desirableArc: spoke.desirable ? arcPath(roleFrom, roleFrom + barSpan, radius(spoke.desirable)) : null,
      edge: { from: { x: CENTRE_X, y: CENTRE_Y }, to: polar(start, RADIUS) },
      label: labels.get(i)!,
    }
  })
  const rings = Array.from({ length: maxLevel }, (_, n) => {
    const level = n + 1
    return {
      level,
      r: round(radius(level)),
      labelAt: polar(0, radius(level) - RADIUS / maxLevel / 2),
      numbered: maxLevel <= 5 || level % 2 === 1,
    }
  })
  return { width: WHEEL_WIDTH, height: WHEEL_HEIGHT, centre: { x: CENTRE_X, y: CENTRE_Y }, rings, sectors }
}

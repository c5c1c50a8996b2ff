import { describe, expect, it } from 'vitest'
import {
  RADIUS,
  WHEEL_HEIGHT,
  WHEEL_WIDTH,
  type WheelLabel,
  buildWheel,
  wrapLabel,
} from '#app/components/capabilities/wheel-geometry'

const PILLARS = [
  'Professional Practice',
  'Facilitation of Learning',
  'Leadership',
  'Evidence, Research and Development',
]
const spokes = PILLARS.map((name, i) => ({ name, self: 6, achieved: 5, required: i === 2 ? 0 : 7, desirable: 8 }))

const overlaps = (a: WheelLabel['box'], b: WheelLabel['box']) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom

describe('the career development wheel’s geometry', () => {
  const wheel = buildWheel(spokes, 9)

  it('keeps every pillar name inside the drawing, clear of the circle and of each other', () => {
    const labels = wheel.sectors.map((s) => s.label)
    for (const { box } of labels) {
      expect(box.left).toBeGreaterThanOrEqual(0)
      expect(box.right).toBeLessThanOrEqual(WHEEL_WIDTH)
      expect(box.top).toBeGreaterThanOrEqual(0)
      expect(box.bottom).toBeLessThanOrEqual(WHEEL_HEIGHT)
      // Above or below the circle's bounding box, so no name runs into the rings.
      const clear = box.bottom <= wheel.centre.y - RADIUS || box.top >= wheel.centre.y + RADIUS
      expect(clear).toBe(true)
    }
    for (let i = 0; i < labels.length; i += 1) {
      for (let j = i + 1; j < labels.length; j += 1) expect(overlaps(labels[i]!.box, labels[j]!.box)).toBe(false)
    }
  })

  it('names each pillar next to its own sector: upper sectors above, lower ones below, left and right kept', () => {
    const [pp, fl, ld, erd] = wheel.sectors
    expect(pp!.label.anchor).toBe('end')
    expect(fl!.label.y).toBeGreaterThan(wheel.centre.y)
    expect(ld!.label.y).toBeGreaterThan(wheel.centre.y)
    expect(fl!.label.anchor).toBe('end')
    expect(ld!.label.anchor).toBe('start')
    expect(erd!.label.anchor).toBe('start')
    expect(pp!.label.y).toBeLessThan(wheel.centre.y)
    expect(erd!.label.lines).toEqual(['Evidence, Research', 'and Development'])
  })

  it('draws three bars per pillar, out to each level, and none for a level not set', () => {
    const leadership = wheel.sectors[2]!
    expect(leadership.bars.map((b) => b.kind)).toEqual(['self', 'achieved', 'required'])
    expect(leadership.bars[2]!.path).toBeNull()
    const distance = (p: { x: number; y: number }) => Math.hypot(p.x - wheel.centre.x, p.y - wheel.centre.y)
    const [self, achieved] = leadership.bars
    expect(distance(self!.end)).toBeCloseTo((RADIUS * 6) / 9, 1)
    expect(distance(achieved!.end)).toBeCloseTo((RADIUS * 5) / 9, 1)
    expect(wheel.sectors[0]!.desirableArc).toMatch(/^M /)
  })

  it('draws a ring for each level and clamps a level beyond the top', () => {
    expect(wheel.rings.map((r) => r.level)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(wheel.rings.at(-1)!.r).toBe(RADIUS)
    expect(wheel.rings.filter((r) => r.numbered).map((r) => r.level)).toEqual([1, 3, 5, 7, 9])
    const beyond = buildWheel([{ name: 'A', self: 12, achieved: 0, required: 0 }, ...spokes.slice(1)], 9)
    const end = beyond.sectors[0]!.bars[0]!.end
    expect(Math.hypot(end.x - beyond.centre.x, end.y - beyond.centre.y)).toBeCloseTo(RADIUS, 1)
  })

  it('lays out three or six pillars without overlapping names', () => {
    for (const count of [3, 6]) {
      const many = buildWheel(
        Array.from({ length: count }, (_, i) => ({
          name: `${PILLARS[i % 4]} ${i}`,
          self: 1,
          achieved: 1,
          required: 1,
        })),
        9,
      )
      for (const sector of many.sectors) expect(sector.label.lines.join(' ')).toBe(sector.name)
      const boxes = many.sectors.map((s) => s.label.box)
      for (const box of boxes) expect(box.right).toBeLessThanOrEqual(WHEEL_WIDTH)
      for (let i = 0; i < boxes.length; i += 1) {
        for (let j = i + 1; j < boxes.length; j += 1) expect(overlaps(boxes[i]!, boxes[j]!)).toBe(false)
      }
    }
  })

  it('wraps names between words only', () => {
    expect(wrapLabel('Facilitation of Learning', 16)).toEqual(['Facilitation of', 'Learning'])
    expect(wrapLabel('Leadership', 16)).toEqual(['Leadership'])
  })
})

import { type BarKind, type WheelSpoke, buildWheel } from '#app/components/capabilities/wheel-geometry'

export type { WheelSpoke }

// Each bar kind has its own pattern as well as its own colour, so the wheel reads without colour vision.
const INK: Record<BarKind, string> = { self: '#00665e', achieved: '#0b5cad', required: '#8a4b00' }
const DESIRABLE_INK = '#6e3fa3'

function fillFor(kind: BarKind, ids: { hatch: string; dots: string }) {
  if (kind === 'self') return `url(#${ids.hatch})`
  if (kind === 'required') return `url(#${ids.dots})`
  return INK.achieved
}

function Swatch({ kind, ids }: { kind: BarKind; ids: { hatch: string; dots: string } }) {
  return (
    <svg viewBox="0 0 28 18" width="28" height="18" aria-hidden="true" focusable="false">
      <rect
        x="1"
        y="1"
        width="26"
        height="16"
        fill={fillFor(kind, ids)}
        stroke={INK[kind]}
        strokeWidth="2"
        strokeDasharray={kind === 'required' ? '4 2' : undefined}
      />
    </svg>
  )
}

/**
 * The career development wheel: each pillar a sector, levels 1 to the top as rings outward, and in each sector
 * three bars clockwise: the level the person maps themselves at, the level signed off and the level the role
 * needs (with the desirable level, where the role sets one, as a dotted arc). Drawn on the server as plain SVG
 * that scales to its container; the table that follows carries the same figures for everyone.
 */
export function CapabilityWheel({
  spokes,
  maxLevel,
  label,
  tableId,
  requiredName = 'Your role needs',
  selfName = 'Self-mapped',
}: {
  spokes: WheelSpoke[]
  maxLevel: number
  label: string
  tableId: string
  /** The legend's name for the role's levels: 'Your role needs' on the person's own profile. */
  requiredName?: string
  selfName?: string
}) {
  const wheel = buildWheel(spokes, maxLevel)
  const ids = { hatch: `${tableId}-hatch`, dots: `${tableId}-dots` }
  const hasDesirable = spokes.some((spoke) => (spoke.desirable ?? 0) > 0)
  const names: Record<BarKind, string> = { self: selfName, achieved: 'Signed off', required: requiredName }
  return (
    <figure className="capability-wheel" aria-describedby={`${tableId}-caption`}>
      <div className="capability-wheel-layout">
        <svg
          viewBox={`0 0 ${wheel.width} ${wheel.height}`}
          width="100%"
          role="img"
          aria-label={label}
          className="capability-wheel-svg"
        >
          <defs>
            <pattern id={ids.hatch} width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <rect width="8" height="8" fill="#ffffff" />
              <rect width="3.5" height="8" fill={INK.self} />
            </pattern>
            <pattern id={ids.dots} width="7" height="7" patternUnits="userSpaceOnUse">
              <rect width="7" height="7" fill="#fff4e5" />
              <circle cx="3.5" cy="3.5" r="1.6" fill={INK.required} />
            </pattern>
          </defs>
          {wheel.rings.map((ring) => (
            <circle
              key={ring.level}
              cx={wheel.centre.x}
              cy={wheel.centre.y}
              r={ring.r}
              fill="none"
              stroke={ring.level === maxLevel ? '#6b6f76' : '#c4c7cc'}
              strokeWidth={ring.level === maxLevel ? 1.5 : 1}
            />
          ))}
          {wheel.sectors.map((sector) => (
            <line
              key={`edge-${sector.name}`}
              x1={sector.edge.from.x}
              y1={sector.edge.from.y}
              x2={sector.edge.to.x}
              y2={sector.edge.to.y}
              stroke="#6b6f76"
            />
          ))}
          {wheel.sectors.map((sector) =>
            sector.bars.map((bar) =>
              bar.path ? (
                <path
                  key={`${sector.name}-${bar.kind}`}
                  d={bar.path}
                  fill={fillFor(bar.kind, ids)}
                  stroke={INK[bar.kind]}
                  strokeWidth="2"
                  strokeDasharray={bar.kind === 'required' ? '5 3' : undefined}
                  strokeLinejoin="round"
                />
              ) : null,
            ),
          )}
          {wheel.sectors.map((sector) =>
            sector.desirableArc ? (
              <path
                key={`${sector.name}-desirable`}
                d={sector.desirableArc}
                fill="none"
                stroke={DESIRABLE_INK}
                strokeWidth="4"
                strokeDasharray="1 5"
                strokeLinecap="round"
              />
            ) : null,
          )}
          {wheel.rings
            .filter((ring) => ring.numbered)
            .map((ring) => (
              <text
                key={`level-${ring.level}`}
                x={ring.labelAt.x}
                y={ring.labelAt.y}
                dy="0.35em"
                textAnchor="middle"
                fontSize="15"
                fill="#1f2328"
                stroke="#ffffff"
                strokeWidth="3"
                paintOrder="stroke"
              >
                {ring.level}
              </text>
            ))}
          {wheel.sectors.map((sector) => (
            <text
              key={`label-${sector.name}`}
              x={sector.label.x}
              y={sector.label.y}
              textAnchor={sector.label.anchor}
              fontSize={sector.label.fontSize}
              fontWeight="600"
              fill="#1f2328"
            >
              {sector.label.lines.map((line, i) => (
                <tspan key={line} x={sector.label.x} dy={i === 0 ? 0 : sector.label.lineHeight}>
                  {line}
                </tspan>
              ))}
            </text>
          ))}
        </svg>
        <div className="capability-wheel-key">
          <ul className="capability-wheel-legend">
            {(['self', 'achieved', 'required'] as const).map((kind) => (
              <li key={kind}>
                <Swatch kind={kind} ids={ids} />
                <span>
                  {names[kind]}
                  {kind === 'self' ? ' (hatched)' : kind === 'achieved' ? ' (solid)' : ' (dotted, dashed edge)'}
                </span>
              </li>
            ))}
            {hasDesirable ? (
              <li>
                <svg viewBox="0 0 28 18" width="28" height="18" aria-hidden="true" focusable="false">
                  <path
                    d="M 3 9 H 25"
                    stroke={DESIRABLE_INK}
                    strokeWidth="4"
                    strokeDasharray="1 5"
                    strokeLinecap="round"
                  />
                </svg>
                <span>Working towards (desirable): dotted arc</span>
              </li>
            ) : null}
          </ul>
          <p className="capability-wheel-how">
            In each pillar the three bars run clockwise: self-mapped, signed off, then the level the role needs. Rings
            are levels 1 to {maxLevel}, counting outward from the centre
            {maxLevel > 5 ? '; every other ring is numbered' : ''}.
          </p>
        </div>
      </div>
      <figcaption className="visually-hidden">The same figures are in the table that follows.</figcaption>
    </figure>
  )
}

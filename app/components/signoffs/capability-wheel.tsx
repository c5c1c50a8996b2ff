import { useEffect, useState } from 'react'
import { PolarAngleAxis, PolarGrid, PolarRadiusAxis, Radar, RadarChart, Legend } from 'recharts'

/** Splits a pillar's name over lines of about `width` characters, so long names fit beside the wheel. */
export function wrapLabel(name: string, width = 18): string[] {
  const lines: string[] = []
  for (const word of name.split(' ')) {
    const last = lines.at(-1)
    if (last !== undefined && `${last} ${word}`.length <= width) lines[lines.length - 1] = `${last} ${word}`
    else lines.push(word)
  }
  return lines
}

function SpokeLabel(props: {
  x?: number
  y?: number
  textAnchor?: 'start' | 'middle' | 'end' | 'inherit'
  payload?: { value: string }
}) {
  const lines = wrapLabel(props.payload?.value ?? '')
  const x = props.x ?? 0
  // Lines above the centre grow upwards, lines below grow downwards, so no label runs into the wheel.
  const y = (props.y ?? 0) - (props.y !== undefined && props.y < 160 ? (lines.length - 1) * 14 : 0)
  return (
    <text x={x} y={y} textAnchor={props.textAnchor} fill="#1f2328" fontSize={12}>
      {lines.map((line, i) => (
        <tspan key={line} x={x} dy={i === 0 ? 0 : 14}>
          {line}
        </tspan>
      ))}
    </text>
  )
}

export interface WheelSpoke {
  name: string
  required: number
  achieved: number
  /** The desirable level the role works towards, 0 for none. */
  desirable?: number
}

/**
 * The career development wheel: each pillar a spoke, levels outward, what the role needs (and, where the role sets
 * one, the desirable level it works towards) against what is signed off. Drawn in the browser only; the table
 * beside it carries the same figures for everyone.
 */
export function CapabilityWheel({
  spokes,
  maxLevel,
  label,
  tableId,
  requiredName = 'Your role needs',
}: {
  spokes: WheelSpoke[]
  maxLevel: number
  label: string
  tableId: string
  /** The legend's name for the role's levels: 'Your role needs' on the person's own profile. */
  requiredName?: string
}) {
  const [drawn, setDrawn] = useState(false)
  useEffect(() => setDrawn(true), [])
  const hasDesirable = spokes.some((spoke) => (spoke.desirable ?? 0) > 0)
  return (
    <figure className="capability-wheel" aria-describedby={`${tableId}-caption`}>
      {/* The wheel keeps its size; on a narrow screen it scrolls sideways in its own focusable region. */}
      <div className="capability-wheel-plot" role="region" aria-label="Career development wheel" tabIndex={0}>
        <div role="img" aria-label={label}>
          {drawn ? (
            <RadarChart width={460} height={340} data={spokes} outerRadius={105}>
              <PolarGrid />
              <PolarAngleAxis dataKey="name" tick={<SpokeLabel />} />
              <PolarRadiusAxis
                domain={[0, maxLevel]}
                tickCount={maxLevel + 1}
                angle={45}
                tick={{ fill: '#1f2328', fontSize: 10 }}
              />
              <Radar
                name={requiredName}
                dataKey="required"
                stroke="#8a4b00"
                fill="#8a4b00"
                fillOpacity={0.15}
                strokeDasharray="5 3"
                isAnimationActive={false}
              />
              {hasDesirable ? (
                <Radar
                  name="Working towards"
                  dataKey="desirable"
                  stroke="#6e3fa3"
                  fill="none"
                  strokeWidth={2}
                  strokeDasharray="2 3"
                  isAnimationActive={false}
                />
              ) : null}
              <Radar
                name="Signed off"
                dataKey="achieved"
                stroke="#0b5cad"
                fill="#0b5cad"
                fillOpacity={0.35}
                isAnimationActive={false}
              />
              <Legend />
            </RadarChart>
          ) : null}
        </div>
      </div>
      <figcaption className="visually-hidden">The same figures are in the table that follows.</figcaption>
    </figure>
  )
}

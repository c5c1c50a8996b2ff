import { useEffect, useState } from 'react'
import { PolarAngleAxis, PolarGrid, PolarRadiusAxis, Radar, RadarChart, Legend } from 'recharts'

export interface WheelSpoke {
  name: string
  required: number
  achieved: number
}

/**
 * The career development wheel: each pillar a spoke, levels outward, what the role needs against what is
 * signed off. Drawn in the browser only; the table beside it carries the same figures for everyone.
 */
export function CapabilityWheel({
  spokes,
  maxLevel,
  label,
  tableId,
}: {
  spokes: WheelSpoke[]
  maxLevel: number
  label: string
  tableId: string
}) {
  const [drawn, setDrawn] = useState(false)
  useEffect(() => setDrawn(true), [])
  return (
    <figure className="capability-wheel" aria-describedby={`${tableId}-caption`}>
      <div role="img" aria-label={label} className="capability-wheel-plot">
        {drawn ? (
          <RadarChart width={380} height={320} data={spokes} outerRadius={110}>
            <PolarGrid />
            <PolarAngleAxis dataKey="name" tick={{ fill: '#1f2328', fontSize: 12 }} />
            <PolarRadiusAxis
              domain={[0, maxLevel]}
              tickCount={maxLevel + 1}
              angle={90}
              tick={{ fill: '#1f2328', fontSize: 10 }}
            />
            <Radar
              name="Your role needs"
              dataKey="required"
              stroke="#8a4b00"
              fill="#8a4b00"
              fillOpacity={0.15}
              strokeDasharray="5 3"
              isAnimationActive={false}
            />
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
      <figcaption className="visually-hidden">The same figures are in the table that follows.</figcaption>
    </figure>
  )
}

import { formatUkDate } from '#app/lib/dates'
import type { ActivityGap } from '#app/models/cpd-profile/cpd-profile.rules'
import { ACTIVITY_TYPES } from '#app/models/evidence/evidence.schema'
import { formatHours } from '#app/lib/hours'

interface PrintedActivity {
  id: string
  title: string
  activityType: string | null
  startsOn: string
  endsOn: string | null
  minutes: number | null
  files: { id: string; fileName: string }[]
}

/** The profile as HCPC would read it: shown only when printed (or saved as PDF from the print dialog). */
export function PrintedProfile({
  name,
  period,
  summary,
  statement,
  activities,
  gaps,
  explanations,
  chosenIds,
}: {
  name: string
  period: { from: string; to: string }
  summary: string
  statement: string
  activities: PrintedActivity[]
  gaps: ActivityGap[]
  explanations: Record<string, string>
  chosenIds: string[]
}) {
  const chosen = activities.filter((a) => chosenIds.includes(a.id))
  return (
    <article className="print-only printed-profile">
      <h1>Continuing professional development profile</h1>
      <p>
        {name}. CPD from {formatUkDate(period.from)} to {formatUkDate(period.to)}.
      </p>
      <h2>Summary of practice history</h2>
      <p className="prose">{summary || 'Not written yet.'}</p>
      <h2>Dated list of CPD activities</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Activity</th>
            <th scope="col">Type</th>
            <th scope="col">Hours</th>
          </tr>
        </thead>
        <tbody>
          {activities.map((a) => (
            <tr key={a.id}>
              <td>
                {formatUkDate(a.startsOn)}
                {a.endsOn && a.endsOn !== a.startsOn ? ` to ${formatUkDate(a.endsOn)}` : ''}
              </td>
              <td>{a.title}</td>
              <td>{a.activityType ? ACTIVITY_TYPES[a.activityType as keyof typeof ACTIVITY_TYPES] : ''}</td>
              <td>{a.minutes ? formatHours(a.minutes) : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {gaps.length > 0 ? (
        <>
          <h2>Gaps in CPD</h2>
          <ul>
            {gaps.map((gap) => (
              <li key={gap.from}>
                {gap.from} to {gap.to}: {explanations[gap.from] ?? 'Not yet explained.'}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>Statement of how I have met the standards</h2>
      <p className="prose">{statement || 'Not written yet.'}</p>
      <h2>Supporting evidence</h2>
      <ul>
        {chosen.map((a) => (
          <li key={a.id}>
            {a.title}: {a.files.length > 0 ? a.files.map((f) => f.fileName).join(', ') : 'no files attached'}
          </li>
        ))}
      </ul>
    </article>
  )
}

import { CompletionForm, DetailsForm, type FormEcho, StatusForm } from './forms'
import { type ApprenticeshipStatus, OPEN_STATUSES } from '#app/models/apprenticeship/statuses.rules'
import { formatHours } from '#app/lib/hours'

interface ProgrammeData {
  record: { status: ApprenticeshipStatus; provider: string; plannedEndOn: string; weeklyMinutes: number }
  nextStatuses: readonly ApprenticeshipStatus[]
  becomes: string | null
  today: string
}

/** The forms that manage the programme itself: the next status, the result, and the details while it is open. */
export function ProgrammeForms({
  loaded,
  echo,
}: {
  loaded: ProgrammeData
  echo: { status?: FormEcho; complete?: FormEcho; details?: FormEcho }
}) {
  const { record, today } = loaded
  return (
    <>
      {loaded.nextStatuses.length > 0 ? (
        <StatusForm echo={echo.status} next={loaded.nextStatuses} today={today} />
      ) : null}
      {record.status === 'gateway' || record.status === 'epa' ? (
        <CompletionForm echo={echo.complete} today={today} becomes={loaded.becomes} />
      ) : null}
      {OPEN_STATUSES.includes(record.status) ? (
        <DetailsForm
          echo={echo.details}
          current={{
            provider: record.provider,
            plannedEndOn: record.plannedEndOn,
            weeklyHours: formatHours(record.weeklyMinutes),
          }}
        />
      ) : null}
    </>
  )
}

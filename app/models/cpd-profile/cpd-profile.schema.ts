import { isIsoDate } from '#app/lib/dates'
import { unstorableFieldErrors, withoutUnstorableCharacters } from '#app/lib/forms'

export interface CpdProfileDraft {
  periodFrom: string
  periodTo: string
  summary: string
  statement: string
  chosenEvidenceIds: string[]
  gapExplanations: Record<string, string>
}

export const PROFILE_TEXT_MAX = 20_000
export const GAP_EXPLANATION_MAX = 1_000

export type ProfileFormResult =
  { ok: true; profile: CpdProfileDraft } | { ok: false; fieldErrors: Record<string, string>; profile: CpdProfileDraft }

/** The default period: the last two years up to today, from the first of that month. */
export function defaultProfilePeriod(today: string): { from: string; to: string } {
  return { from: `${Number(today.slice(0, 4)) - 2}-${today.slice(5, 7)}-01`, to: today }
}

/** Reads the profile form; over-long word counts are saved and flagged, never lost. */
export function parseProfileForm(form: FormData): ProfileFormResult {
  const text = (key: string) => {
    const value = form.get(key)
    return typeof value === 'string' ? value : ''
  }
  const gapExplanations: Record<string, string> = {}
  for (const [key, value] of form.entries()) {
    const month = /^gap\.(\d{4}-\d{2})$/.exec(key)?.[1]
    if (month && typeof value === 'string' && value.trim()) gapExplanations[month] = value.trim()
  }
  const profile: CpdProfileDraft = {
    periodFrom: text('periodFrom'),
    periodTo: text('periodTo'),
    summary: text('summary').trim(),
    statement: text('statement').trim(),
    chosenEvidenceIds: form.getAll('chosen').filter((v): v is string => typeof v === 'string'),
    gapExplanations,
  }
  const fieldErrors: Record<string, string> = unstorableFieldErrors([
    ['summary', profile.summary],
    ['statement', profile.statement],
    ...Object.entries(gapExplanations).map(([month, value]): [string, string] => [`gap.${month}`, value]),
  ])
  if (!isIsoDate(profile.periodFrom)) fieldErrors.periodFrom = 'Enter the start of the period as a real date'
  if (!isIsoDate(profile.periodTo)) fieldErrors.periodTo = 'Enter the end of the period as a real date'
  if (!fieldErrors.periodFrom && !fieldErrors.periodTo && profile.periodTo < profile.periodFrom) {
    fieldErrors.periodTo = 'The end of the period must be after its start'
  }
  if (profile.summary.length > PROFILE_TEXT_MAX) fieldErrors.summary = 'The summary is far too long to save: shorten it'
  if (profile.statement.length > PROFILE_TEXT_MAX)
    fieldErrors.statement = 'The statement is far too long to save: shorten it'
  for (const [month, explanation] of Object.entries(gapExplanations)) {
    if (explanation.length > GAP_EXPLANATION_MAX) {
      fieldErrors[`gap.${month}`] = `Explain the gap in ${GAP_EXPLANATION_MAX} characters or fewer`
    }
  }
  if (Object.keys(fieldErrors).length === 0) return { ok: true, profile }
  return {
    ok: false,
    fieldErrors,
    profile: {
      ...profile,
      summary: withoutUnstorableCharacters(profile.summary),
      statement: withoutUnstorableCharacters(profile.statement),
      gapExplanations: Object.fromEntries(
        Object.entries(gapExplanations).map(([month, value]) => [month, withoutUnstorableCharacters(value)]),
      ),
    },
  }
}

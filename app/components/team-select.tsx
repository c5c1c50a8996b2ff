import { SelectField } from '#app/components/form-field'

/** The "Team" choice of a list's filter form: all teams first, then each team by name, sent as its code. */
export function TeamSelect({ teams, value }: { teams: readonly { code: string; name: string }[]; value: string }) {
  return (
    <SelectField name="team" label="Team" defaultValue={value}>
      <option value="">All teams</option>
      {teams.map((t) => (
        <option key={t.code} value={t.code}>
          {t.name}
        </option>
      ))}
    </SelectField>
  )
}

import { Heading } from '@radix-ui/themes'
import { TextAreaField } from '#app/components/form-field'
import { countWords } from '#app/models/cpd-profile/cpd-profile.rules'
import { WordCount } from './word-count'

/** One written part of the profile (summary or statement): a heading, the text box and its word count. */
export function WrittenPart({
  name,
  heading,
  label,
  hint,
  limit,
  value,
  error,
  rows,
}: {
  name: string
  heading: string
  label: string
  hint: string
  limit: number
  value: string
  error?: string
  rows: number
}) {
  return (
    <section aria-labelledby={`${name}-title`}>
      <Heading as="h2" size="5" mb="2" id={`${name}-title`}>
        {heading}
      </Heading>
      <TextAreaField name={name} label={label} hint={hint} defaultValue={value} error={error} rows={rows} />
      <WordCount fieldId={`field-${name}`} limit={limit} initial={countWords(value)} />
    </section>
  )
}

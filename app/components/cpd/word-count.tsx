import { Text } from '@radix-ui/themes'
import { useEffect, useState } from 'react'
import { countWords } from '#app/models/cpd-profile/cpd-profile.rules'

/** The number of words in a text box against its limit, kept up to date as the person types. */
export function WordCount({ fieldId, limit, initial }: { fieldId: string; limit: number; initial: number }) {
  const [words, setWords] = useState(initial)
  useEffect(() => {
    const field = document.getElementById(fieldId) as HTMLTextAreaElement | null
    if (!field) return
    const update = () => setWords(countWords(field.value))
    field.addEventListener('input', update)
    return () => field.removeEventListener('input', update)
  }, [fieldId])
  const over = words > limit
  return (
    <Text
      as="p"
      size="2"
      color={over ? 'red' : 'gray'}
      highContrast
      weight={over ? 'bold' : 'regular'}
      aria-live="polite"
    >
      {words} of {limit} words{over ? `: ${words - limit} over the limit` : ''}
    </Text>
  )
}

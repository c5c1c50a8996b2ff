import { z } from 'zod'
import { isIsoDate } from '#app/lib/dates'
import { isUuid } from '#app/lib/ids'

/** The longest rationale the database keeps (self_mapping_rationale_check). */
export const RATIONALE_MAX = 1000

/** The earliest date a self-mapping may carry: the CDF's first edition came out in 2017. */
export const EARLIEST_MAPPED_ON = '2017-01-01'

export const SELF_MAPPING_LABELS = {
  levelId: 'Level you map yourself at',
  mappedOn: 'Date of this mapping',
  rationale: 'Why this level',
} as const

const id = (message: string) => z.string({ error: message }).refine(isUuid, message)

/**
 * What a person sends to record a self-mapping in one domain. `today` (Europe/London) bounds the date: a mapping
 * describes where someone stands, so it cannot be dated in the future. The level is checked against the
 * framework's own levels by recordSelfMapping.
 */
export function selfMappingFormSchema(today: string) {
  return z.object({
    versionId: id('Choose a framework from the page'),
    domainId: id('Choose a domain from the page'),
    levelId: id('Choose the level you map yourself at'),
    mappedOn: z
      .string({ error: 'Enter the date of this mapping' })
      .trim()
      .min(1, 'Enter the date of this mapping')
      .refine(isIsoDate, 'Enter a real date, for example 2026-11-22')
      .refine((value) => value <= today, 'The date cannot be in the future')
      .refine((value) => value >= EARLIEST_MAPPED_ON, 'Enter a date from 2017 onwards'),
    rationale: z
      .string({ error: 'Say briefly why you map yourself at this level' })
      .trim()
      .min(1, 'Say briefly why you map yourself at this level')
      .max(RATIONALE_MAX, `Keep the rationale to ${RATIONALE_MAX} characters or fewer`),
  })
}

export type SelfMappingForm = z.infer<ReturnType<typeof selfMappingFormSchema>>

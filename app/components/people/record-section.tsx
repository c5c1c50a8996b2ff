import { Heading } from '@radix-ui/themes'
import type { ReactNode } from 'react'

/** One part of a person's record: a landmark named by its heading, so it can be found from a screen reader's list. */
export function RecordSection({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  const titleId = `${id}-title`
  return (
    <section aria-labelledby={titleId} className="home-section">
      <Heading as="h2" size="5" mb="3" id={titleId}>
        {title}
      </Heading>
      {children}
    </section>
  )
}

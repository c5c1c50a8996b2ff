import { Callout, Text } from '@radix-ui/themes'
import { Link } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import { SignoffsAtStakeList } from '#app/components/confirm-form'
import type { SignoffAtStake } from '#app/models/signoffs/errors'

/** The hidden field naming the sign-offs a person saw and accepted would stop counting. */
export const CONFIRM_SIGNOFFS_FIELD = 'confirmSignoffs'

export const UPLOAD_AT_STAKE_MESSAGE =
  'Adding a file changes evidence that sign-offs stand on. Tick the box to confirm, then upload again.'

export function confirmSignoffsValue(signoffs: readonly SignoffAtStake[]): string {
  return signoffs.map((s) => s.id).join(',')
}

/** Said before any change: which sign-offs stand on this entry and stop counting if it changes. */
export function SignoffsAtStakeNotice({ signoffs }: { signoffs: readonly SignoffAtStake[] }) {
  if (signoffs.length === 0) return null
  return (
    <Callout.Root color="amber" mb="4" highContrast>
      <Text as="div" size="2">
        <strong>
          {signoffs.length === 1 ? 'A sign-off stands' : `${signoffs.length} sign-offs stand`} on this entry.
        </strong>{' '}
        Any change to it (editing, adding or removing a file, withdrawing) stops {signoffs.length === 1 ? 'it' : 'them'}{' '}
        counting until a reviewer looks again. You will be asked before anything is saved.
        <ul>
          {signoffs.map((s) => (
            <li key={s.id}>
              <Link to={`/signoffs/${s.id}`}>
                {s.domainName} at {s.levelName}
              </Link>{' '}
              ({s.status === 'approved' ? 'signed off' : 'waiting for review'})
            </li>
          ))}
        </ul>
      </Text>
    </Callout.Root>
  )
}

/** The confirmation text for a change that affects sign-offs, or nothing when none stand on the entry. */
export function AtStakeDescription({ lead, signoffs }: { lead: string; signoffs: readonly SignoffAtStake[] }) {
  return (
    <>
      <p>{lead}</p>
      <SignoffsAtStakeList signoffs={signoffs} />
    </>
  )
}

/**
 * Inside the entry form after a save that would stop sign-offs counting: names them, and carries the
 * confirmation so that saving again goes ahead. Focused, like the other messages a save answers with.
 */
export function AtStakeWarning({
  signoffs,
  privacyConfirmed = false,
}: {
  signoffs: readonly SignoffAtStake[]
  /** The person already confirmed the privacy warning on this save; saving again keeps that. */
  privacyConfirmed?: boolean
}) {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => ref.current?.focus(), [])
  return (
    <div ref={ref} tabIndex={-1} className="error-summary" aria-labelledby="at-stake-title">
      <input type="hidden" name={CONFIRM_SIGNOFFS_FIELD} value={confirmSignoffsValue(signoffs)} />
      {privacyConfirmed ? <input type="hidden" name="privacyConfirmed" value="yes" /> : null}
      <Callout.Root color="red" role="alert" highContrast>
        <Text as="div" size="2">
          <strong id="at-stake-title">Nothing was saved yet.</strong> <SignoffsAtStakeList signoffs={signoffs} />
          <p>Save again to go ahead; the reviewer is told and can sign it off again on the entry as it will be.</p>
        </Text>
      </Callout.Root>
    </div>
  )
}

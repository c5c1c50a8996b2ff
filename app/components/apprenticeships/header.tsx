import { Callout, Flex, Link as ThemeLink, Text } from '@radix-ui/themes'
import { Link } from '@remix-run/react'
import { ApprenticeshipStatusBadge } from './badges'
import { PageHeader } from '#app/components/page-header'
import { formatUkDate } from '#app/lib/dates'
import type { ApprenticeshipStatus } from '#app/models/apprenticeship/statuses.rules'

interface HeaderData {
  record: {
    personName: string
    provider: string
    status: ApprenticeshipStatus
    startsOn: string
    plannedEndOn: string
    endedOn: string | null
    result: string | null
  }
  /** The standard in words. */
  standard: string
  /** What completing makes them, if it changes their role ('an occupational therapist'). */
  becomes: string | null
  isSelf: boolean
  canList: boolean
}

/**
 * The top of an apprenticeship's page: the way back to the list, who, which standard with whom and when, the
 * status, a form-wide error from the last submit, and the result once completed.
 */
export function ApprenticeshipHeader({ loaded, formError }: { loaded: HeaderData; formError?: string }) {
  const { record } = loaded
  return (
    <>
      {loaded.canList ? (
        <Text as="p" size="2" mb="2">
          <ThemeLink asChild>
            <Link to="/apprenticeships" className="target-24">
              All apprenticeships
            </Link>
          </ThemeLink>
        </Text>
      ) : null}
      <PageHeader
        title={loaded.isSelf ? 'Your apprenticeship' : `Apprenticeship: ${record.personName}`}
        lead={
          <Flex gap="2" align="center" wrap="wrap" asChild>
            <span>
              <span>
                {loaded.standard} with {record.provider}, {formatUkDate(record.startsOn)} to{' '}
                {formatUkDate(record.plannedEndOn)}
              </span>
              <ApprenticeshipStatusBadge status={record.status} />
            </span>
          </Flex>
        }
      />
      {formError ? (
        <Callout.Root color="red" role="alert" mb="4" highContrast>
          <Callout.Text>{formError}</Callout.Text>
        </Callout.Root>
      ) : null}
      {record.status === 'completed' ? (
        <Callout.Root color="green" mb="4" highContrast>
          <Callout.Text>
            Completed on {formatUkDate(record.endedOn!)}: {record.result}.{' '}
            {loaded.becomes
              ? 'Now an occupational therapist in the portal; their evidence and sign-offs are kept.'
              : null}
          </Callout.Text>
        </Callout.Root>
      ) : null}
    </>
  )
}

import { DataList, Flex, Text } from '@radix-ui/themes'
import { EmptyState } from '#app/components/empty-state'
import { RegistrationStatusBadge } from '#app/components/registration/status-badge'
import { formatUkDate } from '#app/lib/dates'
import type { RegistrationFacts, RegistrationStanding } from '#app/models/registration/registration.rules'

/** The person's HCPC registration as the register rules read it today. */
export function RegistrationSummary({
  registration,
  personName,
}: {
  registration: {
    record: (RegistrationFacts & { lastCheckedByName: string | null }) | null
    standing: RegistrationStanding
  }
  personName: string
}) {
  const { record, standing } = registration
  return (
    <>
      <Flex gap="3" align="center" wrap="wrap" mb="2">
        <RegistrationStatusBadge status={standing.status} label={standing.label} />
        {standing.checkDue ? (
          <Text size="2" weight="bold">
            Check on the register due
          </Text>
        ) : null}
      </Flex>
      <Text as="p" size="2" mb="3">
        {standing.explanation}
      </Text>
      {record ? (
        <DataList.Root orientation={{ initial: 'vertical', sm: 'horizontal' }}>
          <DataList.Item>
            <DataList.Label>Registration number</DataList.Label>
            <DataList.Value>{record.number}</DataList.Value>
          </DataList.Item>
          <DataList.Item>
            <DataList.Label>First registered</DataList.Label>
            <DataList.Value>{formatUkDate(record.firstRegisteredOn)}</DataList.Value>
          </DataList.Item>
          <DataList.Item>
            <DataList.Label>Registration ends</DataList.Label>
            <DataList.Value>{formatUkDate(record.expiresOn)}</DataList.Value>
          </DataList.Item>
          <DataList.Item>
            <DataList.Label>Last checked on the register</DataList.Label>
            <DataList.Value>
              {record.lastCheckedOn
                ? `${formatUkDate(record.lastCheckedOn)}${record.lastCheckedByName ? ` by ${record.lastCheckedByName}` : ''}`
                : 'Never'}
            </DataList.Value>
          </DataList.Item>
        </DataList.Root>
      ) : (
        <EmptyState title="No registration recorded">
          {personName}&apos;s role needs HCPC registration, but none is recorded. They record their number and dates on
          their own registration page; the service then checks it on the HCPC register.
        </EmptyState>
      )}
    </>
  )
}

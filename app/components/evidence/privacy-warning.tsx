import { Callout, Flex, Text } from '@radix-ui/themes'
import { useEffect, useRef } from 'react'
import { describeFindings, type PrivacyFinding } from '#app/models/evidence/privacy-guard.rules'

/** Names what looked like a patient identifier, and lets the person confirm it is not one. */
export function PrivacyWarning({ findings, labels }: { findings: PrivacyFinding[]; labels: Record<string, string> }) {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => ref.current?.focus(), [])
  return (
    <div ref={ref} tabIndex={-1} className="error-summary" aria-labelledby="privacy-title">
      <Callout.Root color="amber" role="alert" highContrast>
        <Callout.Text>
          <strong id="privacy-title">Check for patient information before saving.</strong>{' '}
          {describeFindings(findings, labels)}
        </Callout.Text>
        <ul>
          {findings.map((finding, i) => (
            <li key={`${finding.field}-${i}`}>
              <Text size="2">
                <a href={`#field-${finding.field}`}>{labels[finding.field] ?? finding.field}</a>: {finding.message} (
                {finding.excerpt})
              </Text>
            </li>
          ))}
        </ul>
        <Text as="p" size="2">
          Edit the text and save again, or, if none of it identifies a person you work with, confirm below.
        </Text>
        <Text as="label" size="2" weight="bold">
          <Flex gap="2" align="center">
            <input type="checkbox" name="privacyConfirmed" value="yes" /> None of this identifies a person who uses our
            services
          </Flex>
        </Text>
      </Callout.Root>
    </div>
  )
}

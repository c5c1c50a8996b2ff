import { Button, Card, Heading, Text } from '@radix-ui/themes'
import { Form } from '@remix-run/react'
import { ConfirmForm } from '#app/components/confirm-form'
import { FormField } from '#app/components/form-field'
import { WITHDRAW_REASON_MAX } from '#app/models/evidence/evidence.schema'
import type { SignoffAtStake } from '#app/models/signoffs/errors'
import { AtStakeDescription, CONFIRM_SIGNOFFS_FIELD, confirmSignoffsValue } from './signoffs-at-stake'

/** Withdraw an entry (asked first, naming the sign-offs that stop counting), or reinstate a withdrawn one. */
export function WithdrawSection({
  evidenceId,
  canWithdraw,
  canReinstate,
  atStake,
  asked,
  values,
  errors,
}: {
  evidenceId: string
  canWithdraw: boolean
  canReinstate: boolean
  atStake: readonly SignoffAtStake[]
  asked: boolean
  values: Record<string, string>
  errors: Record<string, string>
}) {
  if (canReinstate) {
    return (
      <Card size="2" asChild>
        <section aria-labelledby="reinstate-title">
          <Heading as="h2" size="4" mb="2" id="reinstate-title">
            Reinstate this entry
          </Heading>
          <Text as="p" size="2" mb="3">
            Put it back in your CPD log and profile as it was. Sign-offs it stopped counting stay with their reviewer to
            decide again.
          </Text>
          <Form method="post">
            <input type="hidden" name="intent" value="reinstate" />
            <Button type="submit" variant="soft">
              Reinstate entry
            </Button>
          </Form>
        </section>
      </Card>
    )
  }
  if (!canWithdraw) return null
  return (
    <Card size="2" asChild>
      <section aria-labelledby="withdraw-title">
        <Heading as="h2" size="4" mb="2" id="withdraw-title">
          Withdraw this entry
        </Heading>
        <Text as="p" size="2" mb="3">
          Withdrawing takes it out of your log and CPD profile. It is kept on record, because sign-offs may point at it,
          and you can reinstate it later.
        </Text>
        <ConfirmForm
          hidden={{ intent: 'withdraw', [CONFIRM_SIGNOFFS_FIELD]: confirmSignoffsValue(atStake) }}
          triggerLabel="Withdraw entry"
          title="Withdraw this entry?"
          description={
            <AtStakeDescription lead="It leaves your CPD log and profile until you reinstate it." signoffs={atStake} />
          }
          confirmLabel="Yes, withdraw entry"
          asked={asked}
          cancelTo={`/evidence/${evidenceId}`}
        >
          <FormField
            name="reason"
            label="Reason (optional)"
            maxLength={WITHDRAW_REASON_MAX}
            defaultValue={values.reason ?? ''}
            error={errors.reason}
          />
        </ConfirmForm>
      </section>
    </Card>
  )
}

import { Callout } from '@radix-ui/themes'

/** The message for a form as a whole (a conflict, a refusal), announced as soon as it appears. */
export function FormError({ message }: { message?: string | null }) {
  if (!message) return null
  return (
    <Callout.Root color="red" role="alert" mb="4" highContrast>
      <Callout.Text>{message}</Callout.Text>
    </Callout.Root>
  )
}

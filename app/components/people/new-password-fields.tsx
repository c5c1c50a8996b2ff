import { FormField } from '#app/components/form-field'
import { PASSWORD_MAX, PASSWORD_MIN } from '#app/models/people/users.schema'

/** A new password typed twice, as the account page and a reset link ask for it. */
export function NewPasswordFields({ errors }: { errors: Record<string, string | undefined> }) {
  return (
    <>
      <FormField
        name="newPassword"
        label="New password"
        hint={`At least ${PASSWORD_MIN} characters. A few unrelated words make a strong, memorable password.`}
        type="password"
        autoComplete="new-password"
        maxLength={PASSWORD_MAX}
        error={errors.newPassword}
        required
      />
      <FormField
        name="confirmPassword"
        label="Confirm new password"
        type="password"
        autoComplete="new-password"
        maxLength={PASSWORD_MAX}
        error={errors.confirmPassword}
        required
      />
    </>
  )
}

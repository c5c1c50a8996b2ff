import { Text } from '@radix-ui/themes'
import { FORM_TOKEN_FIELD } from '#app/lib/form-token'

/**
 * The one-time token a create form sends, so that sending the same form twice makes one record. The loader issues
 * a fresh token on every render; a form keyed on it starts blank again after a save. A message about the token
 * shows where the error summary links to.
 */
export function FormTokenInput({ token, error }: { token: string; error?: string }) {
  return (
    <>
      <input type="hidden" name={FORM_TOKEN_FIELD} value={token} />
      {error ? (
        <Text as="p" id={`field-${FORM_TOKEN_FIELD}`} size="2" color="red" className="form-error" tabIndex={-1}>
          {error}
        </Text>
      ) : null}
    </>
  )
}

/**
 * A domain rule the input broke, as the models throw it. `field` names the form field the message belongs beside
 * ('form' for the form as a whole); 409 marks a conflict with what someone else did meanwhile.
 */
export class RuleError extends Error {
  readonly fieldErrors: Readonly<Record<string, string>>

  constructor(
    message: string,
    readonly field: string = 'form',
    readonly status: 400 | 409 = 400,
    fieldErrors?: Record<string, string>,
  ) {
    super(message)
    this.name = new.target.name
    this.fieldErrors = fieldErrors ?? { [field]: message }
  }
}

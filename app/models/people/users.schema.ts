import { z } from 'zod'

export const EMAIL_MAX = 254
export const NAME_MAX = 120
export const PASSWORD_MIN = 12
// argon2 accepts any length; a ceiling keeps a hostile request from making hashing expensive.
export const PASSWORD_MAX = 256

export const emailField = z
  .string({ error: 'Enter your email address' })
  .trim()
  .min(1, 'Enter your email address')
  .max(EMAIL_MAX, `Email address must be ${EMAIL_MAX} characters or fewer`)
  .regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'Enter an email address in the correct format, like name@example.org')

export const newPasswordField = z
  .string({ error: 'Enter a new password' })
  .min(1, 'Enter a new password')
  .min(PASSWORD_MIN, `Password must be at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `Password must be ${PASSWORD_MAX} characters or fewer`)

export const loginSchema = z.object({
  email: emailField,
  password: z
    .string({ error: 'Enter your password' })
    .min(1, 'Enter your password')
    .max(PASSWORD_MAX, `Password must be ${PASSWORD_MAX} characters or fewer`),
  redirectTo: z.string().optional(),
})

export const changePasswordSchema = z
  .object({
    currentPassword: z
      .string({ error: 'Enter your current password' })
      .min(1, 'Enter your current password')
      .max(PASSWORD_MAX, `Password must be ${PASSWORD_MAX} characters or fewer`),
    newPassword: newPasswordField,
    confirmPassword: z.string({ error: 'Enter the new password again' }).min(1, 'Enter the new password again'),
  })
  .superRefine((value, ctx) => {
    if (value.confirmPassword && value.newPassword !== value.confirmPassword) {
      ctx.addIssue({ code: 'custom', path: ['confirmPassword'], message: 'The passwords do not match' })
    }
    if (value.newPassword && value.newPassword === value.currentPassword) {
      ctx.addIssue({ code: 'custom', path: ['newPassword'], message: 'Choose a password you are not using now' })
    }
  })

/** A new password set through a reset link: the same rules as changing it on the account page. */
export const resetPasswordSchema = z
  .object({
    newPassword: newPasswordField,
    confirmPassword: z.string({ error: 'Enter the new password again' }).min(1, 'Enter the new password again'),
  })
  .superRefine((value, ctx) => {
    if (value.confirmPassword && value.newPassword !== value.confirmPassword) {
      ctx.addIssue({ code: 'custom', path: ['confirmPassword'], message: 'The passwords do not match' })
    }
  })

/** Email addresses are matched without regard to case. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase()
}

import { z } from 'zod'
import { isIsoDate } from '#app/lib/dates'

/** What a person types into the registration form, before the rules that need today and the profession. */
export const registrationFormSchema = z.object({
  number: z
    .string()
    .transform((value) => value.replace(/\s+/g, '').toUpperCase())
    .pipe(z.string().min(1, 'Enter your HCPC registration number')),
  firstRegisteredOn: z
    .string()
    .trim()
    .min(1, 'Enter the date you first registered')
    .refine(isIsoDate, 'Enter a real date, for example 2019-09-01'),
  expiresOn: z
    .string()
    .trim()
    .min(1, 'Enter the date your registration ends')
    .refine(isIsoDate, 'Enter a real date, for example 2027-10-31'),
})

export type RegistrationForm = z.infer<typeof registrationFormSchema>

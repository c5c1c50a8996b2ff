import type { FrameworkVersionStatus } from '#db/schema'
import { z } from 'zod'
import { UNSTORABLE_MESSAGE, hasUnstorableCharacters } from '#app/lib/forms'

export const VERSION_LABEL_MAX = 200

export const versionLabelField = z
  .string({ error: 'Give the version a name' })
  .trim()
  .min(1, 'Give the version a name, for example "2024 edition"')
  .max(VERSION_LABEL_MAX, `The version name must be ${VERSION_LABEL_MAX} characters or fewer`)
  .refine((value) => !hasUnstorableCharacters(value), UNSTORABLE_MESSAGE)

export const versionActionSchema = z.object({
  intent: z.enum(['publish', 'retire', 'discard']),
  versionId: z.string().uuid('Choose a version'),
})

export const importUploadSchema = z.object({
  intent: z.literal('import'),
  uploadId: z.string().uuid('The upload is missing: choose the file again'),
})

export interface FrameworkVersionSummary {
  id: string
  number: number
  label: string
  status: FrameworkVersionStatus
  origin: string
  /** ISO timestamps: nested rows arrive as JSON. */
  createdAt: string
  publishedAt: string | null
  capabilityCount: number
}

export interface FrameworkSummary {
  id: string
  code: string
  name: string
  owner: string | null
  description: string | null
  versions: FrameworkVersionSummary[]
}

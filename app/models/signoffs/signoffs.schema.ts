import { z } from 'zod'

/** Comments and notes are for a decision and its reasons, not for the evidence itself. */
export const SIGNOFF_TEXT_MAX = 5000

const uuid = (message: string) => z.string().trim().uuid(message)

const longText = (label: string) =>
  z
    .string()
    .trim()
    .max(SIGNOFF_TEXT_MAX, `${label} must be ${SIGNOFF_TEXT_MAX.toLocaleString('en-GB')} characters or fewer`)

export const signoffRequestSchema = z.object({
  versionId: uuid('Choose a framework'),
  domainId: uuid('Choose a domain'),
  levelId: uuid('Choose the level you are asking to have signed off'),
  note: longText('The note').default(''),
})

export type SignoffRequestForm = z.infer<typeof signoffRequestSchema>

export const signoffDecisionSchema = z
  .object({
    decision: z.enum(['approve', 'return'], { message: 'Choose whether to approve or return the request' }),
    comment: longText('The comment').default(''),
    sessionId: z
      .string()
      .optional()
      .transform((value) => value?.trim() || null)
      .pipe(z.string().uuid('Choose a session from the list').nullable()),
  })
  .refine((value) => value.decision === 'approve' || value.comment.length > 0, {
    path: ['comment'],
    message: 'Say what the person needs to do before they ask again',
  })

export type SignoffDecisionForm = z.infer<typeof signoffDecisionSchema>

export const SIGNOFF_STATUS_LABELS = {
  pending: 'Waiting for review',
  approved: 'Signed off',
  returned: 'Returned',
  withdrawn: 'Withdrawn',
  invalidated: 'Evidence changed',
} as const

export const SIGNOFF_EVENT_LABELS = {
  requested: 'Requested',
  approved: 'Signed off',
  returned: 'Returned',
  withdrawn: 'Withdrawn',
  invalidated: 'Evidence changed after the request',
  reapproved: 'Signed off again on the changed evidence',
  rereturned: 'Returned after the evidence changed',
} as const

export interface SeenEvidence {
  evidenceId: string
  revision: number
  contentHash: string
  /** The entry as the reviewer saw it, from the revision the request recorded. */
  content: Record<string, unknown>
  currentRevision: number
  currentHash: string
  /** The entry as it is now, when it differs from what was seen. */
  currentContent: Record<string, unknown> | null
  files: { id: string; name: string; sha256: string; removed: boolean }[]
  capabilities: { id: string; code: string; statement: string }[]
}

export interface DomainRef {
  versionId: string
  frameworkName: string
  versionLabel: string
  domainName: string
  domainCode: string
  levelName: string
  levelOrdinal: number
}

import { type Kysely, sql } from 'kysely'
import type { DB } from '#db/schema'

/**
 * What would show that an upload was half written: a file row whose bytes were never stored, stored bytes no
 * file row points at, or an entry whose revisions and files disagree (a "file added" revision without its file,
 * or a file without the revision that added it). An empty list means every upload either happened or did not.
 */
export async function attachmentProblems(db: Kysely<DB>): Promise<string[]> {
  const problems: string[] = []
  const unstored = await db
    .selectFrom('evidence_file as f')
    .leftJoin('file_blob as b', 'b.sha256', 'f.sha256')
    .select(['f.id', 'f.file_name as name'])
    .where((eb) => eb.or([eb('b.sha256', 'is', null), eb('b.size_bytes', '<>', eb.ref('f.size_bytes'))]))
    .execute()
  for (const file of unstored) problems.push(`file ${file.name} (${file.id}) has no stored bytes`)
  const orphans = await db
    .selectFrom('file_blob as b')
    .select('b.sha256')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('evidence_file as f').select('f.id').whereRef('f.sha256', '=', 'b.sha256'))),
    )
    .execute()
  for (const blob of orphans) problems.push(`stored bytes ${blob.sha256} belong to no file`)
  const entries = await db
    .selectFrom('evidence as e')
    .select((eb) => [
      'e.id',
      'e.revision',
      eb
        .selectFrom('evidence_file as f')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('f.evidence_id', '=', 'e.id')
        .as('files'),
      eb
        .selectFrom('evidence_revision as r')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('r.evidence_id', '=', 'e.id')
        .where('r.event', '=', 'file-added')
        .as('added'),
      eb
        .selectFrom('evidence_revision as r')
        .select(sql<number>`max(r.revision)::int`.as('n'))
        .whereRef('r.evidence_id', '=', 'e.id')
        .as('latest'),
    ])
    .execute()
  for (const entry of entries) {
    if (entry.files !== entry.added) {
      problems.push(`entry ${entry.id} has ${entry.files} files but ${entry.added} "file added" revisions`)
    }
    if (entry.latest !== entry.revision) {
      problems.push(
        `entry ${entry.id} is at revision ${entry.revision} but its latest saved revision is ${entry.latest}`,
      )
    }
  }
  return problems
}

/** The files an entry has, by name. */
export async function fileNames(db: Kysely<DB>, evidenceId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('evidence_file')
    .select('file_name')
    .where('evidence_id', '=', evidenceId)
    .orderBy('file_name')
    .execute()
  return rows.map((row) => row.file_name)
}

/**
 * How far a sign-off decision got, and whether it got there whole: a decided request has exactly one decision
 * event, one audit row and one email to the requester queued; a pending one has none of them.
 */
export async function signoffDecisionState(db: Kysely<DB>, requestId: string) {
  const request = await db
    .selectFrom('signoff_request')
    .select(['status', 'decided_at as decidedAt'])
    .where('id', '=', requestId)
    .executeTakeFirstOrThrow()
  const count = async (query: Promise<{ n: number } | undefined>) => (await query)?.n ?? 0
  const events = await count(
    db
      .selectFrom('signoff_event')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('request_id', '=', requestId)
      .where('kind', 'in', ['approved', 'returned'])
      .executeTakeFirst(),
  )
  const audits = await count(
    db
      .selectFrom('audit_event')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('subject_id', '=', requestId)
      .where('action', 'in', ['signoff.approved', 'signoff.returned'])
      .executeTakeFirst(),
  )
  const emails = await count(
    db
      .selectFrom('outbox_message')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('dedupe_key', '=', `signoff.decided:${requestId}`)
      .executeTakeFirst(),
  )
  const decided = request.status !== 'pending'
  const whole = decided
    ? events === 1 && audits === 1 && emails === 1 && request.decidedAt !== null
    : events === 0 && audits === 0 && emails === 0 && request.decidedAt === null
  return { status: request.status, events, audits, emails, whole }
}

import type { AppLoadContext } from '@remix-run/node'
import { createEvidence } from '#app/models/evidence/evidence.server'
import { attachEvidenceFile } from '#app/models/evidence/files.server'
import { MOODLE_COLUMNS } from '#app/models/frameworks/moodle-csv'
import { requestSignoff } from '#app/models/signoffs/request.server'
import type { AppDatabase } from '#db/index'
import { EMPTY_EVIDENCE, makeApprenticeship, makeSupervision, makeUser } from './builders'
import { type Outcome, TEST_ORIGIN, run, withFormTokenPart } from './routes'
import { completeEvidence, rcotDomain } from './signoffs'

export type RouteFunction = Parameters<typeof run>[0]

/** What Remix would answer: an error the route did not turn into a Response is a 500. */
export async function answer(
  fn: RouteFunction,
  request: Request,
  context: AppLoadContext,
  params: Record<string, string> = {},
): Promise<Outcome> {
  try {
    return await run(fn, request, context, params)
  } catch (error) {
    return { status: 500, location: null, headers: new Headers(), data: String(error) }
  }
}

/** A form with one file, as a browser sends it. */
export function multipart(
  path: string,
  fields: Record<string, string>,
  file: { name: string; content: string },
): Request {
  const form = new FormData()
  for (const [key, value] of Object.entries(fields)) form.append(key, value)
  form.append('file', new File([file.content], file.name, { type: 'text/csv' }))
  return new Request(`${TEST_ORIGIN}${path}`, {
    method: 'POST',
    body: withFormTokenPart(form),
    headers: { Origin: TEST_ORIGIN },
  })
}

/** A small Moodle framework file (line 2 the framework, line 4 its one capability, with this description). */
export const moodleCsv = (frameworkCode: string, description: string) =>
  [
    MOODLE_COLUMNS.join(','),
    `,${frameworkCode},A framework,"<p>About it</p>",1,"No,Yes","[{""scaleid"":""2""}]",,,,,,1,"competency,competency"`,
    ',D,Domain,,2,,,,0,null,,,,',
    `D,C1,A capability,"${description}",1,,,,0,null,,,,`,
  ].join('\n')

/** A form posted with one field holding bad input, and the field whose message should say so. */
export interface FormCase {
  name: string
  fn: RouteFunction
  path: string
  params?: Record<string, string>
  user: { id: string } | null
  fields: Record<string, string>
  field: string
  /** Another field whose typed value must come back. */
  kept?: string
}

/**
 * The people and records the bad-input tests post to: an OT with a supervisor, an apprentice, an entry with a
 * file, a sign-off request waiting on one RCOT pillar and a complete entry mapped to another, ready to ask about.
 */
export async function badInputWorld(database: AppDatabase) {
  const db = database.db
  const owner = await makeUser(db, { name: 'Olive Owner' })
  const supervisor = await makeUser(db, { roles: ['staff', 'supervisor'], name: 'Sam Supervisor' })
  const principal = await makeUser(db, { roles: ['staff', 'supervisor', 'principal'], name: 'Prue Principal' })
  const admin = await makeUser(db, { roles: ['admin'] })
  const apprentice = await makeUser(db, { name: 'Ava Apprentice', jobRoleCode: 'ascw' })
  const candidate = await makeUser(db, { name: 'Cal Candidate', jobRoleCode: 'ascw' })
  for (const person of [owner, apprentice, candidate]) await makeSupervision(db, supervisor, person)
  const apprenticeshipId = await makeApprenticeship(db, apprentice, principal)
  const entryId = await createEvidence(db, { ownerId: owner.id, evidence: { ...EMPTY_EVIDENCE, title: 'Entry' } })
  const fileId = await attachEvidenceFile(db, {
    evidenceId: entryId,
    actorId: owner.id,
    fileName: 'notes.txt',
    bytes: new TextEncoder().encode('Notes from the course'),
  })
  const pillar = await rcotDomain(db, 'PP')
  const mappedEntryId = await completeEvidence(db, owner.id, ['5PP'], 'Moving and handling plan')
  const capabilityId = (
    await db
      .selectFrom('capability')
      .select('id')
      .where('version_id', '=', pillar.versionId)
      .where('code', '=', '5PP')
      .executeTakeFirstOrThrow()
  ).id
  const pendingSignoffId = await requestSignoff(db, {
    requesterId: owner.id,
    versionId: pillar.versionId,
    domainId: pillar.domainId,
    levelId: pillar.levels['5']!,
    note: '',
    evidenceIds: [mappedEntryId],
  })
  // A second pillar to ask about, as the first has a request waiting.
  const otherPillar = await rcotDomain(db, 'LD')
  const signoffAsk = {
    versionId: otherPillar.versionId,
    domainId: otherPillar.domainId,
    levelId: otherPillar.levels['5']!,
    evidence: await completeEvidence(db, owner.id, ['5LD'], 'Led the team huddle'),
  }
  return {
    owner,
    supervisor,
    principal,
    admin,
    apprentice,
    candidate,
    apprenticeshipId,
    entryId,
    fileId,
    capabilityId,
    pendingSignoffId,
    signoffAsk,
  }
}

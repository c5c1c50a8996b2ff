import type { Db } from '#db/schema'
import type { SignoffAtStake } from './errors'

/**
 * The pending and approved sign-offs that stand on an entry, which any change to it would stop counting. With a
 * content hash, only those recorded on a different one (what saving that content would invalidate).
 */
export function listSignoffsAtStake(db: Db, evidenceId: string, unlessHash?: string): Promise<SignoffAtStake[]> {
  return db
    .selectFrom('signoff_request_evidence as se')
    .innerJoin('signoff_request as r', 'r.id', 'se.request_id')
    .innerJoin('framework_domain as d', 'd.id', 'r.domain_id')
    .innerJoin('framework_level as l', 'l.id', 'r.level_id')
    .select(['r.id', 'd.name as domainName', 'l.name as levelName', 'r.status'])
    .where('se.evidence_id', '=', evidenceId)
    .where('r.status', 'in', ['pending', 'approved'])
    .$if(unlessHash !== undefined, (qb) => qb.where('se.content_hash', '<>', unlessHash!))
    .orderBy('d.sort_order')
    .orderBy('r.id')
    .$narrowType<{ status: 'pending' | 'approved' }>()
    .execute()
}

/** The sign-offs a person confirmed on the form, as the hidden field carries them. */
export function readConfirmedSignoffs(value: FormDataEntryValue | null): ReadonlySet<string> {
  if (typeof value !== 'string') return new Set()
  return new Set(value.split(',').filter((id) => id.length > 0))
}

/** Confirmed means: every sign-off the change would stop counting was shown to the person and they went ahead. */
export function isConfirmed(atStake: readonly SignoffAtStake[], confirmed: ReadonlySet<string>): boolean {
  return atStake.every((s) => confirmed.has(s.id))
}

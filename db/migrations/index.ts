import type { Migration } from 'kysely'
import * as m0001 from './0001_init'
import * as m0002 from './0002_frameworks'
import * as m0003 from './0003_evidence'
import * as m0004 from './0004_cpd_profile'

/** Every migration, in order. A test checks that this list and the folder agree. */
export const migrations: Record<string, Migration> = {
  '0001_init': m0001,
  '0002_frameworks': m0002,
  '0003_evidence': m0003,
  '0004_cpd_profile': m0004,
}

import type { Migration } from 'kysely'
import * as m0001 from './0001_init'
import * as m0002 from './0002_frameworks'
import * as m0003 from './0003_evidence'
import * as m0004 from './0004_cpd_profile'
import * as m0005 from './0005_supervision'
import * as m0006 from './0006_signoff'
import * as m0007 from './0007_outbox'
import * as m0008 from './0008_registration'
import * as m0009 from './0009_apprenticeship'
import * as m0010 from './0010_achieved_level'
import * as m0011 from './0011_requirement_tier'
import * as m0012 from './0012_workforce_snapshot'
import * as m0013 from './0013_cpd_total'
import * as m0016 from './0016_signoff_rereview'
import * as m0017 from './0017_form_submission'
import * as m0018 from './0018_self_mapping'
import * as m0019 from './0019_people_admin'
import * as m0020 from './0020_sso_identity'
import * as m0021 from './0021_people_upload'

/** Every migration, in order. A test checks that this list and the folder agree. */
export const migrations: Record<string, Migration> = {
  '0001_init': m0001,
  '0002_frameworks': m0002,
  '0003_evidence': m0003,
  '0004_cpd_profile': m0004,
  '0005_supervision': m0005,
  '0006_signoff': m0006,
  '0007_outbox': m0007,
  '0008_registration': m0008,
  '0009_apprenticeship': m0009,
  '0010_achieved_level': m0010,
  '0011_requirement_tier': m0011,
  '0012_workforce_snapshot': m0012,
  '0013_cpd_total': m0013,
  '0016_signoff_rereview': m0016,
  '0017_form_submission': m0017,
  '0018_self_mapping': m0018,
  '0019_people_admin': m0019,
  '0020_sso_identity': m0020,
  '0021_people_upload': m0021,
}

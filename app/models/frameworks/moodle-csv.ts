/**
 * Moodle's competency framework CSV (admin tool "lpimportcsv"): its columns, read by moodle-csv-reader.ts into a
 * framework document and written back out by moodle-csv-writer.ts. Moodle has one tree of competencies; the portal
 * reads it as:
 * - the row marked "Is framework" gives the framework, its scale and taxonomy;
 * - a top-level competency with id number `levels` holds the framework's levels, in file order, and the
 *   cross-references between a level and a competency put that competency at that level;
 * - every other top-level competency, and every competency with children, is a domain;
 * - every other competency (a leaf below the top level) is a capability of its parent domain.
 * Other cross-references, and completion rules, are kept and written back out on export.
 */

export const MOODLE_COLUMNS = [
  'Parent id number',
  'Id number',
  'Shortname',
  'Description',
  'Description format',
  'Scale values',
  'Scale configuration',
  'Rule type (optional)',
  'Rule outcome (optional)',
  'Rule config (optional)',
  'Cross referenced competency id numbers',
  'Exported id (optional)',
  'Is framework',
  'Taxonomy',
] as const

/** The id number of the top-level competency that holds the framework's levels. */
export const MOODLE_LEVELS_ID = 'levels'

/** Tables of apprenticeships (migration 0009). */
export interface ApprenticeshipTables {}

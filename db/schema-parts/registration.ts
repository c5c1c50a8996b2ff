/** Tables of HCPC registration and the calendar feed (migration 0008). */
export interface RegistrationTables {}

import type { ColumnType } from 'kysely'

export type CreatedAt = ColumnType<Date, Date | string | undefined, never>
export type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>
/** A calendar date, always 'YYYY-MM-DD' (the driver parsers keep it as text). */
export type CalendarDate = string
export type Json = ColumnType<unknown, string, string>

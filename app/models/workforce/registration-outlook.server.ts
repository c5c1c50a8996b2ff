import { type Kysely } from 'kysely'
import type { DB } from '#db/schema'
import { addDays, addMonths } from '#app/lib/dates'
import { hcpcRules } from '#app/models/registration/hcpc-rules.data'
import { expiryTimeline } from '#app/models/registration/registration.rules'
import { listRegistrationStandings } from '#app/models/registration/registration.server'
import { EXPIRY_MONTHS_AHEAD } from './dashboard.rules'
import { peopleInScope, type DashboardScope } from './dashboard-scope.server'

/**
 * HCPC registrations as the registration pages judge them (the same standing rule): how many end in each of the
 * next 24 months, and the people whose registration has lapsed while their account is still active, first.
 */
export async function getRegistrationOutlook(db: Kysely<DB>, input: { scope: DashboardScope; today: string }) {
  const people = peopleInScope(db, input.scope).select(['u.id']).where('u.job_role_code', 'is not', null)
  const standings = await listRegistrationStandings(db, people, input.today)
  const rows = [...standings.values()].filter((row) => row.required || row.record)
  const recorded = rows.filter((row) => row.record)
  const lastMonth = addMonths(input.today, EXPIRY_MONTHS_AHEAD).slice(0, 7)
  const timeline = expiryTimeline(
    hcpcRules(),
    recorded.map((row) => ({
      expiresOn: row.record!.expiresOn,
      lapsed: row.standing.status === 'lapsed',
      professionCode: row.record!.professionCode,
    })),
    input.today,
  ).filter((bucket) => bucket.key === 'lapsed' || bucket.key <= lastMonth)
  const within90 = addDays(input.today, 90)
  return {
    timeline,
    lapsedActive: rows
      .filter((row) => row.standing.status === 'lapsed')
      .map((row) => ({
        id: row.id,
        name: row.name,
        jobRoleTitle: row.jobRoleTitle,
        teamName: row.teamName,
        expiresOn: row.record?.expiresOn ?? null,
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    toRecord: rows.filter((row) => row.standing.status === 'to-record').length,
    within90Days: recorded.filter(
      (row) =>
        row.standing.status !== 'lapsed' && row.record!.expiresOn <= within90 && row.record!.expiresOn >= input.today,
    ).length,
    registrants: rows.length,
  }
}

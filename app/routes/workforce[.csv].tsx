import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePermission } from '#app/auth/guard.server'
import { toSpreadsheetCsv } from '#app/lib/csv'
import { todayInLondon } from '#app/lib/dates'
import { formatHours } from '#app/lib/hours'
import { ACTIVITY_TYPES } from '#app/models/evidence/evidence.schema'
import { loadDashboard } from '#app/models/workforce/dashboard.server'

const SECTIONS = [
  'coverage',
  'compliance',
  'unsupervised',
  'reviewers',
  'backlog',
  'registrations',
  'pipeline',
  'cpd',
  'quiet',
  'trends',
] as const
type Section = (typeof SECTIONS)[number]

type Dashboard = Awaited<ReturnType<typeof loadDashboard>>
type Sheet = { header: string[]; rows: (string | number | null | undefined)[][] }

const people = (list: { name: string; jobRoleTitle: string | null; teamName: string | null }[]): Sheet => ({
  header: ['Name', 'Job role', 'Team'],
  rows: list.map((p) => [p.name, p.jobRoleTitle, p.teamName]),
})

/** The figures behind each section of the dashboard, for a spreadsheet. */
const SHEETS: Record<Section, (d: Dashboard) => Sheet> = {
  coverage: ({ coverage }) => ({
    header: [
      'Team',
      'People',
      ...(coverage?.domains ?? []).flatMap((d) => [
        `${d.name}: meet essential`,
        `${d.name}: with an essential level`,
        `${d.name}: reach desirable`,
        `${d.name}: with a desirable level`,
      ]),
    ],
    rows: coverage
      ? [...coverage.teams, coverage.everyone].map((t) => [
          t.teamName,
          t.people,
          ...t.cells.flatMap((c) => [c.met, c.required, c.desirable.met, c.desirable.required]),
        ])
      : [],
  }),
  compliance: ({ compliance }) => ({
    header: ['By', 'Name', 'People', 'On schedule', 'Overdue today'],
    rows: [
      ...compliance.byTeam.map((g) => ['Team', g.name, g.people, g.onSchedule, g.overdue]),
      ...compliance.bySupervisor.map((g) => ['Supervisor', g.name, g.people, g.onSchedule, g.overdue]),
    ],
  }),
  unsupervised: ({ unsupervised }) => people(unsupervised),
  reviewers: ({ backlog }) => ({
    header: ['Reviewer', 'Decisions', 'Median days to decide'],
    rows: backlog.reviewers.map((r) => [r.reviewerName, r.decisions, r.medianDays]),
  }),
  backlog: ({ backlog }) => ({
    header: ['Waiting', 'Requests'],
    rows: [
      ...backlog.bands.map((b) => [b.label, b.count]),
      ['Signed off, evidence changed, not asked again', backlog.awaitingReReview],
    ],
  }),
  registrations: ({ registrations }) => ({
    header: ['Month', 'Registrations ending', 'Renewal deadline'],
    rows: registrations.timeline.map((b) => [b.label, b.count, b.deadline ? 'Yes' : 'No']),
  }),
  pipeline: ({ pipeline }) => ({
    header: ['Measure', 'People'],
    rows: [
      ...pipeline.stages.map((s) => [s.label, s.count]),
      ...pipeline.expectedCompletions.map((y) => [`Planned to complete in ${y.label}`, y.count]),
      ['Behind on off-the-job training', pipeline.behindOnHours.length],
      ['Overdue a progress review', pipeline.reviewOverdue.length],
    ],
  }),
  cpd: ({ cpd }) => ({
    header: ['Team', 'People', ...Object.values(ACTIVITY_TYPES).map((label) => `${label} (hours)`), 'All hours'],
    rows: cpd.byTeam.map((t) => [
      t.teamName,
      t.people,
      ...Object.keys(ACTIVITY_TYPES).map((code) => formatHours(t.byType[code] ?? 0)),
      formatHours(t.minutes),
    ]),
  }),
  quiet: ({ cpd }) => people(cpd.quiet),
  trends: ({ trend }) => ({
    header: [
      'Month',
      'Figures from',
      'People',
      'Requirements met',
      'Requirements',
      'Supervised',
      'On schedule',
      'Overdue',
      'Sign-offs waiting',
      'Waiting over 28 days',
      'Awaiting re-review',
    ],
    rows: (trend?.points ?? []).map((p) => [
      p.month.slice(0, 7),
      p.missing ? 'not recorded' : p.live ? `${p.asOf} (today)` : p.asOf,
      p.headcount,
      p.coverage?.met,
      p.coverage?.required,
      p.supervised,
      p.onSchedule,
      p.overdue,
      p.waiting,
      p.waitingOver28,
      p.awaitingReReview,
    ]),
  }),
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, 'workforce.view')
  const params = new URL(request.url).searchParams
  const asked = params.get('section')
  const section: Section = SECTIONS.find((s) => s === asked) ?? 'coverage'
  const today = todayInLondon()
  const dashboard = await loadDashboard(context.db, params, today)
  const { header, rows } = SHEETS[section](dashboard)
  return new Response(toSpreadsheetCsv(header, rows), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="workforce-${section}-${today}.csv"`,
      'Cache-Control': 'private, no-store',
    },
  })
}

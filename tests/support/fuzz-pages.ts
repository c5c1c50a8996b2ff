import path from 'node:path'
import type { AppLoadContext } from '@remix-run/node'
import { expectSafe } from './fuzz'
import { TEST_ORIGIN } from './routes'

const routesDir = path.resolve(__dirname, '../../app/routes')

/** The pages a form sends people back to, by address, with the route file that draws each and its params. */
const PAGES: [RegExp, string, string[]][] = [
  [/^\/$/, '_index.tsx', []],
  [/^\/login$/, 'login.tsx', []],
  [/^\/login\/sso$/, 'login_.sso.tsx', []],
  [/^\/login\/sso\/callback$/, 'login_.sso_.callback.tsx', []],
  [/^\/account$/, 'account.tsx', []],
  [/^\/evidence$/, 'evidence._index.tsx', []],
  [/^\/evidence\.csv$/, 'evidence[.csv].tsx', []],
  [/^\/evidence\/([^/]+)$/, 'evidence.$id.tsx', ['id']],
  [/^\/evidence\/([^/]+)\/edit$/, 'evidence.$id_.edit.tsx', ['id']],
  [/^\/cpd-profile$/, 'cpd-profile.tsx', []],
  [/^\/cpd-profile\.pdf$/, 'cpd-profile[.pdf].tsx', []],
  [/^\/registration$/, 'registration.tsx', []],
  [/^\/capabilities$/, 'capabilities.tsx', []],
  [/^\/signoffs$/, 'signoffs._index.tsx', []],
  [/^\/signoffs\/([^/]+)$/, 'signoffs.$id.tsx', ['id']],
  [/^\/supervision$/, 'supervision._index.tsx', []],
  [/^\/supervision\/([^/]+)$/, 'supervision.$personId.tsx', ['personId']],
  [/^\/apprenticeships$/, 'apprenticeships._index.tsx', []],
  [/^\/apprenticeships\/([^/]+)$/, 'apprenticeships.$id.tsx', ['id']],
  [/^\/frameworks\/([^/]+)\/([^/]+)$/, 'frameworks.$code.$version.tsx', ['code', 'version']],
  [/^\/workforce\/registrations$/, 'workforce.registrations.tsx', []],
  [/^\/admin\/frameworks$/, 'admin.frameworks.tsx', []],
  [/^\/admin\/users$/, 'admin.users.tsx', []],
  [/^\/admin\/users\/new$/, 'admin.users_.new.tsx', []],
  [/^\/admin\/users\/([^/]+)$/, 'admin.users_.$id.tsx', ['id']],
  [/^\/admin\/teams$/, 'admin.teams.tsx', []],
  [/^\/admin\/import$/, 'admin.import.tsx', []],
  [/^\/reset-password\/([^/]+)$/, 'reset-password.$token.tsx', ['token']],
  [/^\/admin\/supervision$/, 'admin.supervision.tsx', []],
  [/^\/admin\/outbox$/, 'admin.outbox.tsx', []],
  [/^\/admin\/outbox\/([^/]+)$/, 'admin.outbox_.$id.tsx', ['id']],
  [/^\/calendar\/([^/]+)$/, 'calendar.$token.tsx', ['token']],
]

/**
 * Loads a page by its address, as the browser would after a form's redirect (or a page that lists what the form
 * saved, or its download), with the same person, and checks that answer too: what was just saved must show without a
 * server error. An address with no page here fails the test, so that a new redirect target gets one.
 */
export async function loadPage(address: string, context: AppLoadContext): Promise<void> {
  const url = new URL(address, TEST_ORIGIN)
  const page = PAGES.find(([pattern]) => pattern.test(url.pathname))
  if (!page) throw new Error(`no page known for ${address}`)
  const [pattern, file, names] = page
  const values = pattern.exec(url.pathname)!.slice(1).map(decodeURIComponent)
  const params = Object.fromEntries(names.map((name, i) => [name, values[i]]))
  const module = (await import(path.join(routesDir, file))) as { loader: Parameters<typeof expectSafe>[0] }
  await expectSafe(module.loader, new Request(url), context, params)
}

import radixStyles from '@radix-ui/themes/styles.css'
import { Callout, Container, Theme } from '@radix-ui/themes'
import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction, data } from '@remix-run/node'
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from '@remix-run/react'
import type { ReactNode } from 'react'
import { ROLE_LABELS } from '#app/auth/policy'
import { AppHeader } from '#app/components/app-header'
import { navItemsFor } from '#app/components/navigation'
import { RouteErrorBoundary } from '#app/components/route-error-boundary'
import { takeFlash } from '#app/lib/flash.server'
import { useNonce } from '#app/lib/nonce'
import appStyles from '#app/styles/app.css'
import reflowStyles from '#app/styles/reflow.css'
import capabilityStyles from '#app/styles/capabilities.css'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: radixStyles },
  { rel: 'stylesheet', href: appStyles },
  { rel: 'stylesheet', href: reflowStyles },
  { rel: 'stylesheet', href: capabilityStyles },
  { rel: 'icon', href: 'data:,' },
]

export const meta: MetaFunction = () => [{ title: 'OT Capability Portal' }]

// The root loader is shared by every page (including /login), so it only describes who is signed in.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = context.auth?.user ?? null
  const { flash, setCookie } = await takeFlash(context.env, request)
  return data(
    {
      user: user ? { name: user.name, roleLabels: user.roles.map((role) => ROLE_LABELS[role]) } : null,
      nav: navItemsFor(user ? { id: user.id, roles: user.roles } : null),
      flash,
    },
    { headers: setCookie ? { 'Set-Cookie': setCookie } : undefined },
  )
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce()
  const root = useRouteLoaderData<typeof loader>('root')
  return (
    <html lang="en-GB">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <Theme accentColor="indigo" grayColor="slate" radius="medium" scaling="100%">
          <a href="#main" className="skip-link">
            Skip to main content
          </a>
          <AppHeader user={root?.user ?? null} items={root?.nav ?? []} />
          <Container size="4" px="4">
            <main id="main" tabIndex={-1}>
              <div role="status" aria-live="polite" className="flash">
                {root?.flash ? (
                  <Callout.Root color="green" size="1" highContrast>
                    <Callout.Text>{root.flash.message}</Callout.Text>
                  </Callout.Root>
                ) : null}
              </div>
              {children}
            </main>
          </Container>
        </Theme>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  return <Outlet />
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}

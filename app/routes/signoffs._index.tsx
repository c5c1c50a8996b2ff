import { Button, Card, Flex, Heading, Text } from '@radix-ui/themes'
import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requireUser } from '#app/auth/guard.server'
import { can, visibility } from '#app/auth/policy'
import { EmptyState } from '#app/components/empty-state'
import { PageHeader } from '#app/components/page-header'
import { RouteErrorBoundary } from '#app/components/route-error-boundary'
import { SignoffStatusBadge } from '#app/components/signoffs/status-badge'
import { Pager } from '#app/components/pager'
import { formatUkDateTime, wholeDaysSince } from '#app/lib/dates'
import { LIST_PAGE_SIZE, pageOf, readPageNumber } from '#app/lib/paging'
import { forbidden } from '#app/lib/http.server'

import {
  type SignoffListItem,
  listOwnRequests,
  listReReviewInbox,
  listReviewInbox,
} from '#app/models/signoffs/queries.server'
import { openableRecords } from '#app/models/people/record.server'

export const meta: MetaFunction = () => [{ title: 'Sign-offs – OT Capability Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request)
  const reviews = can(user, 'signoffs.review')
  const requests = can(user, 'signoffs.request')
  if (!reviews && !requests) throw forbidden()
  const url = new URL(request.url)
  const [waiting, reReview, own] = await Promise.all([
    reviews ? listReviewInbox(context.db, user) : null,
    reviews ? listReReviewInbox(context.db, user) : null,
    requests ? listOwnRequests(context.db, user.id) : null,
  ])
  const inbox = waiting ? pageOf(waiting, readPageNumber(url)) : null
  // Requesters' names link to their whole record only where the policy lets this reviewer open it.
  const openable = inbox
    ? await openableRecords(
        context.db,
        user,
        [...inbox.items, ...(reReview ?? [])].map((item) => item.requesterId),
      )
    : new Set<string>()
  return {
    inbox,
    reReview,
    own,
    search: url.search,
    now: new Date().toISOString(),
    everyone: visibility(user) === 'all',
    openRecords: [...openable],
  }
}

function age(from: Date | string, now: string): string {
  const days = wholeDaysSince(from, now)
  return days === 0 ? 'today' : days === 1 ? '1 day' : `${days} days`
}

function RequestCard({
  item,
  now,
  showPerson,
  personLink = false,
}: {
  item: SignoffListItem
  now: string
  showPerson: boolean
  /** The reviewer may open the requester's record, so their name links to it. */
  personLink?: boolean
}) {
  const waiting = item.status === 'pending' ? wholeDaysSince(item.requestedAt, now) : 0
  return (
    <li>
      <Card size="2">
        <Flex justify="between" gap="3" wrap="wrap" align="start">
          <div>
            {showPerson && personLink ? (
              <Text as="p" size="2" mb="1">
                <Link to={`/people/${item.requesterId}`}>{item.requesterName}</Link>
              </Text>
            ) : null}
            <Text as="p" size="3" weight="bold">
              {/* With the name on its own link above, the request's link still names the person in its label. */}
              <Link
                to={`/signoffs/${item.id}`}
                aria-label={personLink ? `${item.requesterName}: ${item.domainName} at ${item.levelName}` : undefined}
              >
                {showPerson && !personLink ? `${item.requesterName}: ` : ''}
                {item.domainName} at {item.levelName}
              </Link>
            </Text>
            <Text as="p" size="2" color="gray" highContrast>
              {item.frameworkName} ({item.versionLabel}) ·{' '}
              {item.evidenceCount === 1 ? '1 entry' : `${item.evidenceCount} entries`} · asked{' '}
              {formatUkDateTime(item.requestedAt)}
            </Text>
          </div>
          <Flex direction="column" align="end" gap="1">
            <SignoffStatusBadge status={item.status} wasApproved={item.wasApproved} />
            {item.status === 'pending' ? (
              <Text
                size="2"
                color={waiting >= 14 ? 'red' : 'gray'}
                highContrast
                weight={waiting >= 14 ? 'bold' : 'regular'}
              >
                Waiting {age(item.requestedAt, now)}
              </Text>
            ) : null}
          </Flex>
        </Flex>
      </Card>
    </li>
  )
}

export default function SignoffsPage() {
  const { inbox, reReview, own, search, now, everyone, openRecords } = useLoaderData<typeof loader>()
  const openable = new Set(openRecords)
  return (
    <>
      <PageHeader
        title="Sign-offs"
        lead="Requests to sign off a capability domain at a level, with the evidence that supports them."
        actions={
          own ? (
            <Button asChild size="3">
              <Link to="/capabilities">Ask for a sign-off</Link>
            </Button>
          ) : undefined
        }
      />
      {inbox ? (
        <section aria-labelledby="inbox-title" className="home-section">
          <Heading as="h2" size="5" mb="1" id="inbox-title">
            To review ({inbox.total})
          </Heading>
          <Text as="p" size="2" color="gray" highContrast mb="3">
            {everyone
              ? 'Every waiting request in the service, oldest first.'
              : 'Requests from the people you supervise, oldest first.'}
          </Text>
          {inbox.total === 0 ? (
            <EmptyState title="Nothing waiting for you">
              When someone you supervise asks for a sign-off, it appears here and you are sent an email.
            </EmptyState>
          ) : (
            <>
              <ul className="version-list">
                {inbox.items.map((item) => (
                  <RequestCard
                    key={item.id}
                    item={item}
                    now={now}
                    showPerson
                    personLink={openable.has(item.requesterId)}
                  />
                ))}
              </ul>
              <Pager
                label="Pages of requests to review"
                search={search}
                page={inbox.page}
                pageCount={inbox.pageCount}
                total={inbox.total}
                size={LIST_PAGE_SIZE}
              />
            </>
          )}
        </section>
      ) : null}
      {reReview && reReview.length > 0 ? (
        <section aria-labelledby="rereview-title" className="home-section">
          <Heading as="h2" size="5" mb="1" id="rereview-title">
            Needs re-review ({reReview.length})
          </Heading>
          <Text as="p" size="2" color="gray" highContrast mb="3">
            The evidence changed after these were signed off or asked for; a signed-off level no longer counts. Open one
            to see what changed, then sign it off or return it.
          </Text>
          <ul className="version-list">
            {reReview.map((item) => (
              <RequestCard key={item.id} item={item} now={now} showPerson personLink={openable.has(item.requesterId)} />
            ))}
          </ul>
        </section>
      ) : null}
      {own ? (
        <section aria-labelledby="own-title" className="home-section">
          <Heading as="h2" size="5" mb="3" id="own-title">
            My requests
          </Heading>
          {own.length === 0 ? (
            <EmptyState
              title="You have not asked for a sign-off yet"
              action={
                <Button asChild variant="soft">
                  <Link to="/capabilities">See my capabilities</Link>
                </Button>
              }
            >
              Map CPD entries to a capability, then ask your supervisor to sign the domain off from your capability
              profile.
            </EmptyState>
          ) : (
            <ul className="version-list">
              {own.map((item) => (
                <RequestCard key={item.id} item={item} now={now} showPerson={false} />
              ))}
            </ul>
          )}
        </section>
      ) : null}
    </>
  )
}

export const ErrorBoundary = RouteErrorBoundary

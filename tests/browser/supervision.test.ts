import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { DEFAULT_DEMO_PASSWORD } from '#scripts/demo/seed'
import { chromiumPath, expectNoAxeViolations, signIn, useBrowser } from '#tests/support/browser'

/** Moves focus with Tab and checks where it landed, as a keyboard user would. */
async function tabTo(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Tab')
  expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe(name)
}

describe.skipIf(!chromiumPath)('supervision in the browser', () => {
  const session = useBrowser()

  it('a senior sees who is overdue, and records a session with an action by keyboard', async () => {
    const page = await session.newPage({ locale: 'en-GB' })
    await signIn(page, 'senior@example.org', DEFAULT_DEMO_PASSWORD)
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Supervision', exact: true }).click()
    await page.getByRole('heading', { level: 1, name: 'Supervision' }).waitFor()
    const table = page.getByRole('table', { name: 'Supervisees, with sessions held against those expected' })
    await table
      .getByRole('row', { name: /Tom Hughes/ })
      .getByText(/^Overdue \d+ days?$/)
      .waitFor()
    await expectNoAxeViolations(page)

    await table.getByRole('link', { name: 'Sessions with Mark Davies' }).click()
    await page.getByRole('heading', { level: 1, name: 'Supervision: Mark Davies' }).waitFor()
    await page
      .getByText(/Supervised by/)
      .first()
      .waitFor()
    await expectNoAxeViolations(page)

    // Date and length keep their defaults (today, 90 minutes); the rest is typed.
    await page.getByLabel('Kind of supervision').focus()
    await page.keyboard.press('ArrowDown')
    expect(await page.getByLabel('Kind of supervision').inputValue()).toBe('clinical')
    await tabTo(page, 'minutes')
    await tabTo(page, 'notes')
    await page.keyboard.type('Discussed the hoist assessment backlog.')
    await page.getByLabel('Action 1', { exact: true }).focus()
    await page.keyboard.type('Shadow a complex hoist assessment')
    await page.getByLabel('Due date for action 1').focus()
    await page.keyboard.type('01012020')
    await page.getByRole('button', { name: 'Record session' }).focus()
    await page.keyboard.press('Enter')

    const summary = page.locator('.error-summary')
    await summary.getByText('The due date cannot be before the session').waitFor()
    expect(await summary.evaluate((element) => element === document.activeElement)).toBe(true)
    expect(await page.getByLabel('Notes').inputValue()).toBe('Discussed the hoist assessment backlog.')
    await expectNoAxeViolations(page)

    await page.getByLabel('Due date for action 1').focus()
    await page.keyboard.type('01012099')
    await page.getByRole('button', { name: 'Record session' }).focus()
    await page.keyboard.press('Enter')
    await page.getByRole('status').getByText('Session recorded.').waitFor()
    await page.getByText('Discussed the hoist assessment backlog.').waitFor()
    await expectNoAxeViolations(page)

    await page.getByRole('button', { name: /^Mark done\s*: Shadow a complex hoist assessment$/ }).focus()
    await page.keyboard.press('Enter')
    await page.getByRole('status').getByText('Action marked done.').waitFor()
  })

  it('starts the form blank after a session is recorded, and a double click or a resend records it once', async () => {
    const page = await session.newPage({ locale: 'en-GB' })
    await signIn(page, 'senior@example.org', DEFAULT_DEMO_PASSWORD)
    await page.goto('/supervision')
    await page.getByRole('link', { name: 'Sessions with Mark Davies' }).click()
    await page.getByRole('heading', { level: 1, name: 'Supervision: Mark Davies' }).waitFor()
    await page
      .getByText(/Supervised by/)
      .first()
      .waitFor()
    const minutes = await page.getByLabel('Length in minutes').inputValue()
    const note = `Went through the wheelchair referral pathway (${Date.now()}).`
    await page.getByLabel('Notes').fill(note)
    await page.getByLabel('Length in minutes').fill('75')
    const tokenField = page.locator('input[name="formToken"]')
    const token = await tokenField.inputValue()
    const heldOn = await page.getByLabel('Date of the session').inputValue()
    await page.getByRole('button', { name: 'Record session' }).dblclick()
    await page.getByRole('status').getByText('Session recorded.').waitFor()
    await page.getByText(note).waitFor()

    // The form is a new one: blank notes, the default length, a new token.
    await expect.poll(() => page.getByLabel('Notes').inputValue()).toBe('')
    expect(await page.getByLabel('Length in minutes').inputValue()).toBe(minutes)
    expect(await tokenField.inputValue()).not.toBe(token)
    expect(await page.getByText(note).count()).toBe(1)

    // The same form sent again, as a browser resends it, shows the session it already recorded.
    const path = new URL(page.url()).pathname
    const status = await page.evaluate(
      async ({ path, fields }) => {
        const response = await fetch(path, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual' })
        return response.type === 'opaqueredirect' ? 302 : response.status
      },
      {
        path,
        fields: {
          intent: 'record-session',
          heldOn,
          kind: 'professional',
          minutes: '75',
          notes: note,
          nextOn: '',
          formToken: token,
        },
      },
    )
    expect(status).toBe(302)
    await page.reload()
    await page.getByText(note).waitFor()
    expect(await page.getByText(note).count()).toBe(1)
    await expectNoAxeViolations(page)
  })

  it('shows the supervisee their own page, with who supervises them and their notes', async () => {
    const senior = await session.newPage()
    await signIn(senior, 'senior@example.org', DEFAULT_DEMO_PASSWORD)
    await senior.goto('/supervision')
    const href = await senior.getByRole('link', { name: 'Sessions with Olivia Bennett' }).getAttribute('href')

    const page = await session.newPage()
    await signIn(page, 'ot@example.org', DEFAULT_DEMO_PASSWORD)
    await page.goto(href!)
    await page.getByRole('heading', { level: 1, name: 'Your supervision' }).waitFor()
    await page.getByText(/Supervised by Sam Patel since 3 Feb 2025/).waitFor()
    await page.getByText(/Sessions expected every month/).waitFor()
    await page.getByText('Talked through the sign-off request for Facilitation of Learning', { exact: false }).waitFor()
    expect(await page.getByRole('heading', { name: 'Record a session' }).count()).toBe(0)
    await expectNoAxeViolations(page)
  })

  it('lets an administrator see links with their history, and explains a form sent empty', async () => {
    const page = await session.newPage()
    await signIn(page, 'admin@example.org', DEFAULT_DEMO_PASSWORD)
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Supervision links' }).click()
    await page.getByRole('heading', { level: 1, name: 'Supervision links' }).waitFor()
    const history = page.getByRole('row', { name: /Daniel Murphy/ })
    expect(await history.count()).toBe(2)
    await expectNoAxeViolations(page)

    await page.getByRole('button', { name: 'Add link' }).focus()
    await page.keyboard.press('Enter')
    await page.locator('.error-summary').getByText('Choose the supervisor').waitFor()
    await expectNoAxeViolations(page)
  })
})

import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { DEFAULT_DEMO_PASSWORD } from '#scripts/demo/seed'
import { chromiumPath, expectNoAxeViolations, signIn, useBrowser } from '#tests/support/browser'

const JOURNAL_CLUB = 'Journal club: tilt-in-space seating and pressure care'
const ERD = 'Evidence, Research and Development'

/** The row of the RCOT table for one pillar. */
function pillarRow(page: Page, pillar: string) {
  return page
    .getByRole('table', { name: /Royal College|RCOT|Career Development/ })
    .getByRole('row', { name: new RegExp(pillar) })
}

describe.skipIf(!chromiumPath)('sign-off in the browser', () => {
  const session = useBrowser()

  it('an OT asks, their senior approves in supervision, the level counts, and an edit asks for re-review', async () => {
    const ot = await session.newPage()
    await signIn(ot, 'ot@example.org', DEFAULT_DEMO_PASSWORD)
    await ot.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My capabilities' }).click()
    await ot.getByRole('heading', { level: 1, name: 'My capabilities' }).waitFor()
    await expectNoAxeViolations(ot)

    await ot.getByRole('link', { name: `Ask for sign-off of ${ERD}` }).click()
    await ot.getByRole('heading', { level: 1, name: `Ask for sign-off: ${ERD}` }).waitFor()
    expect(await ot.getByLabel('Level to sign off').inputValue()).not.toBe('')
    await ot.getByLabel('Note for your supervisor (optional)').fill('Journal club I led in March.')
    await ot.getByRole('button', { name: 'Send request' }).click()
    await ot.locator('.error-summary').getByText('Choose at least one CPD entry').waitFor()
    expect(await ot.getByLabel('Note for your supervisor (optional)').inputValue()).toBe('Journal club I led in March.')
    await expectNoAxeViolations(ot)

    await ot.getByRole('checkbox', { name: new RegExp(JOURNAL_CLUB) }).check()
    await ot.getByRole('button', { name: 'Send request' }).click()
    await ot.getByRole('status').getByText('Request sent').waitFor()
    await ot.getByRole('heading', { level: 2, name: 'Evidence as it was when requested' }).waitFor()
    await expectNoAxeViolations(ot)

    const senior = await session.newPage()
    await signIn(senior, 'senior@example.org', DEFAULT_DEMO_PASSWORD)
    await senior.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign-offs' }).click()
    await senior.getByRole('heading', { level: 2, name: /To review/ }).waitFor()
    await expectNoAxeViolations(senior)
    await senior.getByRole('link', { name: `Olivia Bennett: ${ERD} at Level 5` }).click()
    await senior.getByRole('heading', { level: 2, name: 'Your decision' }).waitFor()
    await expectNoAxeViolations(senior)

    // The decision by keyboard alone.
    await senior.getByRole('radio', { name: /^Approve/ }).focus()
    await senior.keyboard.press('Space')
    // Decided in the supervision session the demo records between them.
    await senior.getByLabel('Decided in supervision (optional)').focus()
    await senior.keyboard.press('ArrowDown')
    await senior.getByRole('textbox', { name: 'Comment' }).focus()
    await senior.keyboard.type('A well-chosen review, shared with the team.')
    await senior.getByRole('button', { name: 'Record decision' }).focus()
    await senior.keyboard.press('Enter')
    await senior.getByRole('status').getByText('Signed off.').waitFor()
    await senior.getByText(/Signed off by Sam Patel, .* supervision on /).waitFor()

    await ot.goto('/capabilities')
    await pillarRow(ot, ERD).getByRole('link', { name: 'Level 5', exact: true }).waitFor()

    // Editing the evidence afterwards: the sign-off stops counting and asks for re-review.
    await ot.goto('/evidence')
    await ot.getByRole('link', { name: JOURNAL_CLUB }).click()
    await ot.getByRole('link', { name: 'Edit' }).click()
    await ot.getByLabel('What I learned').fill('Tilt helps most for people who sit for long periods.')
    await ot.getByRole('button', { name: 'Save entry' }).click()
    // Saving names the sign-off that stops counting and waits for the OT to confirm.
    await ot.getByText('Nothing was saved yet.').waitFor()
    await ot.locator('.error-summary').getByText(`${ERD} at Level 5 (signed off)`).waitFor()
    await expectNoAxeViolations(ot)
    await ot.getByRole('button', { name: 'Save entry' }).click()
    await ot.waitForURL(/\/evidence\/[0-9a-f-]{36}$/)

    // The senior hears of it and finds it waiting for re-review.
    await senior.goto('/signoffs')
    await senior.getByRole('heading', { name: /Needs re-review/ }).waitFor()
    await expectNoAxeViolations(senior)
    await senior
      .getByRole('region', { name: /Needs re-review/ })
      .getByRole('link', { name: /Level 5/ })
      .first()
      .click()
    await senior.getByRole('heading', { name: 'Decide again on the evidence as it is now' }).waitFor()
    await expectNoAxeViolations(senior)

    await ot.goto('/capabilities')
    await ot.getByText('no longer counts until re-reviewed').waitFor()
    expect(await pillarRow(ot, ERD).getByRole('link', { name: 'Level 5', exact: true }).count()).toBe(0)
    await expectNoAxeViolations(ot)
    await pillarRow(ot, ERD)
      .getByRole('link', { name: /Needs re-review/ })
      .click()
    await ot.getByText('This sign-off needs re-review').waitFor()
    await ot.getByText('Changed since the request').waitFor()
    await ot.getByText('Tilt helps most for people who sit for long periods.').waitFor()
    await expectNoAxeViolations(ot)
    await ot.getByRole('button', { name: 'Ask for re-review' }).click()
    await ot.getByRole('status').getByText('Asked again').waitFor()
  })
  it('shows the principal OT the workforce matrix, filterable by team, with a keyboard-scrollable table', async () => {
    const page = await session.newPage()
    await signIn(page, 'principal@example.org', DEFAULT_DEMO_PASSWORD)
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Workforce capability' }).click()
    await page.getByRole('heading', { level: 1, name: 'Workforce capability' }).waitFor()
    await page.getByRole('table', { name: /People by domain/ }).waitFor()
    // The table arrives with the page, so its rows are read at once: a wrong cell fails here with its text.
    const olivia = page.getByRole('row', { name: /Olivia Bennett/ })
    await olivia.waitFor({ timeout: 30_000 })
    expect(await olivia.textContent()).toContain('Level 5 / needs Level 5')
    await expectNoAxeViolations(page)
    await page.getByLabel('Framework', { exact: true }).selectOption({ label: 'RCOT Career Development Framework' })
    await page.getByLabel('Team').selectOption({ label: 'South locality OT team' })
    await page.getByRole('button', { name: 'Show' }).click()
    await page.waitForURL(/team=south/)
    await page.getByRole('row', { name: /Olivia Bennett/ }).waitFor({ state: 'detached' })
    await page.getByRole('row', { name: /Daniel Murphy/ }).waitFor()
    await expectNoAxeViolations(page)

    // Most gaps first, by the column header's link: the team filter stays, and the header says how it is sorted.
    const people = page.getByRole('table', { name: /People by domain/ })
    await people.getByRole('link', { name: /^Gaps\W+sort descending$/ }).click()
    await page.waitForURL(/team=south.*sort=gaps&dir=desc/)
    const gapsHeader = people.getByRole('columnheader', { name: /^Gaps/ })
    await expect.poll(() => gapsHeader.getAttribute('aria-sort')).toBe('descending')
    const gaps = (await people.locator('td[data-gaps]').evaluateAll((cells) => cells.map((c) => c.textContent))).map(
      Number,
    )
    expect(gaps.length).toBeGreaterThan(1)
    expect(gaps).toEqual([...gaps].sort((a, b) => b - a))
    await page.getByRole('table', { name: "Meeting the role's level in each domain" }).waitFor()
    await expectNoAxeViolations(page)

    // On a phone the page itself never scrolls sideways: the wide table scrolls in its own region, by keyboard too.
    const phone = await session.newPage({ viewport: { width: 360, height: 780 } })
    await signIn(phone, 'principal@example.org', DEFAULT_DEMO_PASSWORD)
    await phone.goto('/workforce/capability?sort=gaps&dir=desc')
    await phone.getByRole('table', { name: /People by domain/ }).waitFor()
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
    const region = phone.getByRole('region', { name: 'People', exact: true })
    expect(await region.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true)
    await region.focus()
    await phone.keyboard.press('ArrowRight')
    await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0)
    await expectNoAxeViolations(phone)
  })
})

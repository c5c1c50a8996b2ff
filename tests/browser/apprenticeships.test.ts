import { describe, expect, it } from 'vitest'
import { addDays, todayInLondon } from '#app/lib/dates'

import { DEFAULT_DEMO_PASSWORD } from '#scripts/demo/seed'
import { chromiumPath, expectNoAxeViolations, signIn, useBrowser } from '#tests/support/browser'

describe.skipIf(!chromiumPath)('apprenticeships in the browser', () => {
  const session = useBrowser()

  it('shows the principal OT the list by stage and an apprentice’s progress at a glance, passing axe', async () => {
    const page = await session.newPage()
    await signIn(page, 'principal@example.org', DEFAULT_DEMO_PASSWORD)
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Apprenticeships' }).click()
    await page.getByRole('heading', { level: 1, name: 'Apprenticeships' }).waitFor()
    await page.getByRole('link', { name: 'Sophie Turner' }).waitFor()
    await expectNoAxeViolations(page)

    await page.getByLabel('Stage').selectOption('break-in-learning')
    await page.getByRole('button', { name: 'Show' }).click()
    await page.waitForURL(/stage=break-in-learning/)
    await page.getByRole('link', { name: 'Aisha Khan' }).waitFor({ state: 'detached' })
    await page.getByRole('link', { name: 'Sophie Turner' }).waitFor()

    await page.goto('/apprenticeships')
    await page.getByRole('link', { name: 'Aisha Khan' }).click()
    await page.getByRole('heading', { level: 1, name: 'Apprenticeship: Aisha Khan' }).waitFor()
    const glance = page.getByRole('region', { name: 'At a glance' })
    await glance.getByText('Behind', { exact: true }).waitFor()
    await glance.getByText('Review overdue').waitFor()
    await page.getByRole('table', { name: 'Cumulative hours at the end of each month' }).waitFor()
    await page.locator('.recharts-surface').first().waitFor()
    await expectNoAxeViolations(page)
  })

  it('starts an apprenticeship, then ticks the gateway checklist by keyboard alone', async () => {
    const page = await session.newPage()
    await signIn(page, 'principal@example.org', DEFAULT_DEMO_PASSWORD)
    await page.goto('/apprenticeships')
    const person = page.getByLabel('Person')
    const value = await person.evaluate(
      (select) => [...(select as HTMLSelectElement).options].find((o) => o.text.startsWith('Ben Carter'))?.value,
    )
    await person.selectOption(value!)
    await page.getByLabel('Apprenticeship standard').selectOption('ST0216')
    await page.getByLabel('Training provider').fill('North College')
    await page.getByLabel('Start date').fill(addDays(todayInLondon(), -90))
    await page.getByLabel('Planned end date').fill(addDays(todayInLondon(), 300))
    await page.getByLabel('Contracted hours a week').fill('37.5')
    await page.getByLabel('Age at the start').selectOption('yes')
    await page.getByRole('button', { name: 'Start apprenticeship' }).click()
    await page.getByRole('status').getByText('Apprenticeship started.').waitFor()
    await page.getByRole('heading', { level: 1, name: 'Apprenticeship: Ben Carter' }).waitFor()

    await page.getByRole('checkbox', { name: /knowledge, skills and behaviours/ }).focus()
    await page.keyboard.press('Space')
    let reached = false
    for (let i = 0; i < 10 && !reached; i++) {
      await page.keyboard.press('Tab')
      reached = await page.evaluate(() => document.activeElement?.textContent?.trim() === 'Save checklist')
    }
    expect(reached).toBe(true)
    await page.keyboard.press('Enter')
    await page.getByRole('status').getByText('Gateway checklist saved.').waitFor()
    expect(await page.getByRole('checkbox', { name: /knowledge, skills and behaviours/ }).isChecked()).toBe(true)
    await page
      .getByRole('region', { name: 'Gateway readiness' })
      .getByText(/^Done /)
      .first()
      .waitFor()
    await expectNoAxeViolations(page)
  })

  it('takes the apprentice to their own page from home and explains hours logged in the future', async () => {
    const page = await session.newPage()
    await signIn(page, 'apprentice@example.org', DEFAULT_DEMO_PASSWORD)
    await page.getByRole('link', { name: 'My apprenticeship' }).click()
    await page.getByRole('heading', { level: 1, name: 'Your apprenticeship' }).waitFor()
    await expectNoAxeViolations(page)
    await page.getByLabel('Date', { exact: true }).fill(addDays(todayInLondon(), 2))
    await page.getByLabel('Hours', { exact: true }).fill('2')
    await page.getByLabel('Activity').fill('Reading for the research module')
    await page.getByRole('button', { name: 'Log hours' }).click()
    await page.locator('#field-otjDate-error').getByText('The date cannot be in the future').waitFor()
    expect(await page.getByLabel('Activity').inputValue()).toBe('Reading for the research module')
    await expectNoAxeViolations(page)
  })
})

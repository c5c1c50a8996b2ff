import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { DEFAULT_DEMO_PASSWORD } from '#scripts/demo/seed'
import { chromiumPath, expectNoAxeViolations, signIn, useBrowser } from '#tests/support/browser'

/** The text of each task on the home page, in order. */
async function taskTexts(page: Page): Promise<string[]> {
  await page.getByRole('heading', { level: 2, name: 'Your tasks' }).waitFor()
  return page.locator('.task-list > li').allTextContents()
}

describe.skipIf(!chromiumPath)('home as a to-do list in the browser', () => {
  const session = useBrowser()

  it('shows the demo OT their open supervision action with its due date, passing axe', async () => {
    const page = await session.newPage()
    await signIn(page, 'ot@example.org', DEFAULT_DEMO_PASSWORD)
    const tasks = await taskTexts(page)
    expect(tasks.some((text) => /^Due \d+ \w+ \d{4}Supervision action: Add the placement reflection/.test(text))).toBe(
      true,
    )
    expect(await page.getByText('Nothing needs your attention').count()).toBe(0)
    await expectNoAxeViolations(page)
  })

  it('shows the demo apprentice the overdue review first and the hours they are behind, in words, at 360px too', async () => {
    for (const viewport of [
      { width: 1280, height: 900 },
      { width: 360, height: 780 },
    ]) {
      const page = await session.newPage({ viewport })
      await signIn(page, 'apprentice@example.org', DEFAULT_DEMO_PASSWORD)
      const tasks = await taskTexts(page)
      expect(tasks[0]).toMatch(/^Overdue by \d+ days \(due .+\)Your apprenticeship progress review is \d+ days overdue/)
      expect(tasks.some((text) => /^Behind by .+ hoursYou are behind on off-the-job hours/.test(text))).toBe(true)
      await page.getByRole('link', { name: 'See your apprenticeship' }).first().waitFor()
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
      await expectNoAxeViolations(page)
    }
  })

  it('puts lapsed registrations and unsupervised staff at the top for the principal OT, at 360px too', async () => {
    for (const viewport of [
      { width: 1280, height: 900 },
      { width: 360, height: 780 },
    ]) {
      const page = await session.newPage({ viewport })
      await signIn(page, 'principal@example.org', DEFAULT_DEMO_PASSWORD)
      const tasks = await taskTexts(page)
      expect(tasks[0]).toMatch(/^Overdue: lapsed1 active member of staff has a lapsed HCPC registration/)
      expect(tasks[1]).toMatch(/members? of staff (has|have) no supervisor linked/)
      await page.getByRole('link', { name: 'See lapsed registrations' }).click()
      await page.waitForURL(/status=lapsed/)
      await page.getByRole('table', { name: 'Registrations', exact: true }).getByRole('rowheader').first().waitFor()
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
      await page.goBack()
      await page.getByRole('heading', { level: 2, name: 'Your tasks' }).waitFor()
      await expectNoAxeViolations(page)
    }
  })
})

import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { DEFAULT_DEMO_PASSWORD } from '#scripts/demo/seed'
import { chromiumPath, expectNoAxeViolations, signIn, useBrowser } from '#tests/support/browser'

async function newDraft(page: Page, title: string): Promise<void> {
  await page.goto('/evidence/new')
  await page.getByLabel('Title').fill(title)
  await page.getByRole('button', { name: 'Save as draft' }).click()
  await page.getByRole('status').getByText('Saved as a draft').waitFor()
}

describe.skipIf(!chromiumPath)('asking before anything destructive', () => {
  const session = useBrowser()

  it('asks in a dialog before withdrawing, by keyboard, and the owner can reinstate', async () => {
    const page = await session.newPage()
    await signIn(page, 'ot@example.org', DEFAULT_DEMO_PASSWORD)
    await newDraft(page, 'Entry to withdraw in a dialog')
    await page.getByLabel('Reason (optional)').fill('Logged twice')
    await page.getByRole('button', { name: 'Withdraw entry' }).click()
    const dialog = page.getByRole('alertdialog', { name: 'Withdraw this entry?' })
    await dialog.waitFor()
    await expectNoAxeViolations(page)
    // Cancel leaves everything as it was.
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
    expect(await page.getByLabel('Reason (optional)').inputValue()).toBe('Logged twice')

    await page.getByRole('button', { name: 'Withdraw entry' }).focus()
    await page.keyboard.press('Enter')
    await dialog.getByRole('button', { name: 'Yes, withdraw entry' }).click()
    await page.getByRole('status').getByText('Entry withdrawn.').waitFor()
    await page.getByText('Logged twice').first().waitFor()
    await page.getByRole('button', { name: 'Reinstate entry' }).click()
    await page.getByRole('status').getByText('Entry reinstated.').waitFor()
    await page.getByRole('button', { name: 'Withdraw entry' }).waitFor()
  })

  it('asks in the page without JavaScript, keeping the reason', async () => {
    const page = await session.newPage({ javaScriptEnabled: false })
    await signIn(page, 'ot@example.org', DEFAULT_DEMO_PASSWORD)
    await newDraft(page, 'Entry to withdraw without scripts')
    await page.getByLabel('Reason (optional)').fill('Not CPD after all')
    await page.getByRole('button', { name: 'Withdraw entry' }).click()
    await page.getByRole('alert').getByText('Withdraw this entry?').waitFor()
    expect(await page.getByLabel('Reason (optional)').inputValue()).toBe('Not CPD after all')
    // axe needs scripts: check the same markup in a page that runs them.
    const html = await page.content()
    const check = await session.newPage()
    await check.goto('/healthz')
    await check.setContent(html.replace(/<script\b[\s\S]*?<\/script>/g, ''))
    await expectNoAxeViolations(check)
    await page.getByRole('button', { name: 'Yes, withdraw entry' }).click()
    await page.getByText('Not CPD after all').first().waitFor()
    await page.getByRole('button', { name: 'Reinstate entry' }).waitFor()
  })
})

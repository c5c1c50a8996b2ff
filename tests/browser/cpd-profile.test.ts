import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { DEFAULT_DEMO_PASSWORD } from '#scripts/demo/seed'
import { chromiumPath, expectNoAxeViolations, signIn, useBrowser } from '#tests/support/browser'

describe.skipIf(!chromiumPath)('the CPD profile in the browser', () => {
  const session = useBrowser()

  it('counts words as the OT types, saves the profile, and passes axe', async () => {
    const page = await session.newPage()
    await signIn(page, 'ot@example.org', DEFAULT_DEMO_PASSWORD)
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'CPD profile' }).click()
    await page.getByRole('heading', { level: 1, name: 'Your HCPC CPD profile' }).waitFor()
    await page.getByRole('heading', { name: /Audit readiness/ }).waitFor()
    await expectNoAxeViolations(page)
    await page.getByLabel('Summary (up to 500 words)').fill('I am an occupational therapist in a locality team.')
    await page.getByText('9 of 500 words').waitFor()
    await page.getByRole('checkbox', { name: /Moving and handling refresher/ }).check()
    await page.getByRole('button', { name: 'Save profile' }).click()
    await page.getByRole('status').getByText('Profile saved.').waitFor()
    expect(await page.getByRole('checkbox', { name: /Moving and handling refresher/ }).isChecked()).toBe(true)
    await page.getByRole('heading', { name: '4. Supporting evidence' }).waitFor()
    await expectNoAxeViolations(page)

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download PDF' }).click(),
    ])
    expect(download.suggestedFilename()).toMatch(/^cpd-profile-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.pdf$/)
    expect((await readFile(await download.path())).subarray(0, 5).toString('latin1')).toBe('%PDF-')

    await page.emulateMedia({ media: 'print' })
    await page.getByRole('heading', { level: 1, name: 'Continuing professional development profile' }).waitFor()
    expect(await page.getByRole('button', { name: 'Save profile' }).isVisible()).toBe(false)
    expect(
      await page
        .locator('.printed-profile')
        .getByText('I am an occupational therapist in a locality team.')
        .isVisible(),
    ).toBe(true)
  })
})

import { describe, expect, it } from 'vitest'
import { DEFAULT_DEMO_PASSWORD } from '#scripts/demo/seed'
import { chromiumPath, expectNoAxeViolations, signIn, useBrowser } from '#tests/support/browser'

describe.skipIf(!chromiumPath)('the CPD log in the browser', () => {
  const session = useBrowser()

  it('shows the demo OT’s log with totals, and each entry, passing axe', async () => {
    const page = await session.newPage()
    await signIn(page, 'ot@example.org', DEFAULT_DEMO_PASSWORD)
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'CPD log' }).click()
    await page.getByRole('heading', { level: 1, name: 'Your CPD log' }).waitFor()
    await page.getByRole('table', { name: 'Hours by activity type' }).waitFor()
    await expectNoAxeViolations(page)
    await page.getByRole('link', { name: 'Moving and handling refresher: hoists and slings' }).click()
    await page.getByRole('heading', { level: 2, name: 'Capabilities it supports' }).waitFor()
    await page.getByRole('heading', { level: 2, name: 'History' }).waitFor()
    expect(await page.locator('.history-list li').count()).toBeGreaterThan(0)
    await expectNoAxeViolations(page)
  })

  it('starts a draft on a phone, finishes it with a capability, and keeps input on errors', async () => {
    const page = await session.newPage({ viewport: { width: 360, height: 780 } })
    await signIn(page, 'ot@example.org', DEFAULT_DEMO_PASSWORD)
    await page.goto('/evidence/new')
    await page.getByRole('button', { name: 'Save entry' }).click()
    const summary = page.locator('.error-summary')
    await summary.getByText('There is a problem').waitFor()
    expect(await summary.evaluate((element) => element === document.activeElement)).toBe(true)
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
    await expectNoAxeViolations(page)

    await page.getByLabel('Title').fill('Falls prevention webinar')
    await page.getByRole('button', { name: 'Save as draft' }).click()
    await page.getByRole('status').getByText('Saved as a draft').waitFor()
    await page.getByText('To count towards your CPD profile this entry still needs').waitFor()
    await expectNoAxeViolations(page)

    await page.getByRole('link', { name: 'Edit' }).click()
    await page.getByLabel('Activity type').selectOption('formal-educational')
    await page.getByLabel('Date', { exact: true }).fill('2026-11-02')
    await page.getByLabel('Hours').fill('25')
    await page.getByLabel('What the activity was').fill('Regional webinar on falls prevention at home.')
    await page.getByLabel('What I learned').fill('Strength and balance work cuts falls.')
    await page.getByLabel('How it changed my practice').fill('I refer to the strength and balance service.')
    await page.getByLabel('How it benefits the people I work with').fill('Fewer falls at home.')
    const capability = page.getByLabel('Capability 1', { exact: true })
    const value = await capability.evaluate(
      (select) =>
        [...(select as HTMLSelectElement).options].find((option) => option.text.startsWith('5PP (Level 5)'))?.value,
    )
    await capability.selectOption(value!)
    await page.getByRole('button', { name: 'Save entry' }).click()
    await page.getByText('That is more than 24 hours a day over one day').first().waitFor()
    expect(await page.getByLabel('What I learned').inputValue()).toBe('Strength and balance work cuts falls.')
    await expectNoAxeViolations(page)

    await page.getByLabel('Hours').fill('1.5')
    await page.getByRole('button', { name: 'Save entry' }).click()
    await page.getByRole('status').getByText('Entry saved.').waitFor()
    await page.getByRole('heading', { level: 2, name: 'Capabilities it supports' }).waitFor()
    await page.getByText('5PP').first().waitFor()
  })

  it('warns before saving text that looks like a patient identifier', async () => {
    const page = await session.newPage()
    await signIn(page, 'apprentice@example.org', DEFAULT_DEMO_PASSWORD)
    await page.goto('/evidence/new')
    await page.getByLabel('Title').fill('Home visit reflection')
    await page.getByLabel('What happened').fill('Joint visit with Mr Green, NHS 943 476 5919, to review his stairlift.')
    await page.getByRole('button', { name: 'Save as draft' }).click()
    await page.getByText('Check for patient information before saving.').waitFor()
    await expectNoAxeViolations(page)
    expect(await page.getByLabel('What happened').inputValue()).toContain('943 476 5919')
    await page.getByLabel('What happened').fill('Joint visit to review a stairlift.')
    await page.getByRole('button', { name: 'Save as draft' }).click()
    await page.getByRole('status').getByText('Saved as a draft').waitFor()
  })
})

describe.skipIf(!chromiumPath)('attachments in the browser', () => {
  const session = useBrowser()

  it('uploads a certificate to an entry, lists it and removes it, passing axe', async () => {
    const page = await session.newPage()
    await signIn(page, 'ot@example.org', DEFAULT_DEMO_PASSWORD)
    await page.goto('/evidence')
    await page.getByRole('link', { name: 'Journal club: tilt-in-space seating and pressure care' }).click()
    await page
      .getByLabel('Add a file')
      .setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Journal club notes') })
    // The sign-off test may have had this entry signed off by now: then adding a file asks to confirm.
    const understood = page.getByLabel(/I understand that adding a file/)
    if ((await understood.count()) > 0) await understood.check()
    await page.getByRole('button', { name: 'Upload' }).click()
    await page.getByRole('status').getByText('Added notes.txt.').waitFor()
    await page.getByRole('link', { name: 'notes.txt' }).waitFor()
    await expectNoAxeViolations(page)
    await page.getByRole('button', { name: 'Remove notes.txt' }).click()
    await page
      .getByRole('alertdialog', { name: 'Remove notes.txt?' })
      .getByRole('button', { name: 'Yes, remove file' })
      .click()
    await page.getByRole('status').getByText('File removed from the entry.').waitFor()
    expect(await page.getByRole('link', { name: 'notes.txt' }).count()).toBe(0)
    const history = page.locator('.history-list li')
    expect(await history.first().textContent()).toMatch(/^File removed/)
    expect(await history.nth(1).textContent()).toMatch(/^File added/)
  })
})

describe.skipIf(!chromiumPath)('the evidence form by keyboard alone', () => {
  const session = useBrowser()

  it('saves a draft using only Tab, typing and Enter', async () => {
    const page = await session.newPage()
    await signIn(page, 'apprentice@example.org', DEFAULT_DEMO_PASSWORD)
    await page.goto('/evidence/new')
    await page.getByLabel('Title').focus()
    await page.keyboard.type('Keyboard-only draft')
    let reached = false
    for (let i = 0; i < 80 && !reached; i++) {
      await page.keyboard.press('Tab')
      reached = await page.evaluate(() => document.activeElement?.textContent?.trim() === 'Save as draft')
    }
    expect(reached).toBe(true)
    await page.keyboard.press('Enter')
    await page.getByRole('status').getByText('Saved as a draft').waitFor()
    await page.getByRole('heading', { level: 1, name: 'Keyboard-only draft' }).waitFor()
  })
})

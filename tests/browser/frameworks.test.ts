import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_DEMO_PASSWORD } from '#scripts/demo/seed'
import { chromiumPath, expectNoAxeViolations, signIn, useBrowser } from '#tests/support/browser'

const fixturePath = path.resolve(__dirname, '../../../shared/fixtures/moodle-competency-framework-example.csv')

describe.skipIf(!chromiumPath)('frameworks in the browser', () => {
  const session = useBrowser()

  it('lets staff read the RCOT grid, search it and open a description by keyboard', async () => {
    const page = await session.newPage()
    await signIn(page, 'ot@example.org', DEFAULT_DEMO_PASSWORD)
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Frameworks' }).click()
    await page.getByRole('heading', { level: 1, name: 'Capability frameworks' }).waitFor()
    await page.getByRole('link', { name: '2nd edition (2021, v2/2022)' }).click()
    await page.getByRole('heading', { level: 1, name: 'RCOT Career Development Framework' }).waitFor()
    const grid = page.getByRole('table', { name: /capabilities by domain and level/ })
    expect(await grid.getByRole('rowheader').allTextContents()).toEqual([
      'Professional Practice',
      'Facilitation of Learning',
      'Leadership',
      'Evidence, Research and Development',
    ])
    expect(await grid.getByRole('columnheader').count()).toBe(10)
    await page.getByRole('note').getByText('Provisional.').waitFor()
    await expectNoAxeViolations(page)

    // Other browser tests add entries for the same demo OT, so the count is read from the link itself.
    const evidenceLink = page.locator('#capability-5PP').getByRole('link', { name: /^Your evidence: \d+ entries$/ })
    const count = Number((await evidenceLink.textContent())?.match(/\d+/)?.[0])
    expect(count).toBeGreaterThanOrEqual(2)
    await evidenceLink.click()
    await page.getByText('Showing entries mapped to capability').waitFor()
    expect(await page.locator('.evidence-list > li').count()).toBe(count)
    await page.goBack()
    await grid.waitFor()

    const summary = page.locator('#capability-5PP summary')
    await summary.focus()
    await page.keyboard.press('Enter')
    expect(await page.locator('#capability-5PP details').getAttribute('open')).not.toBeNull()

    await page.getByLabel('Search capabilities').fill('5PP')
    await page.getByLabel('Search capabilities').press('Enter')
    await page.getByRole('heading', { name: /1 capability matches “5PP”/ }).waitFor()
    await expectNoAxeViolations(page)
  })

  it.skipIf(!fs.existsSync(fixturePath))(
    'lets an administrator import a Moodle file, check it and publish it',
    async () => {
      const page = await session.newPage()
      await signIn(page, 'admin@example.org', DEFAULT_DEMO_PASSWORD)
      await page.goto('/admin/frameworks')
      await expectNoAxeViolations(page)
      await page.getByLabel('CSV file').setInputFiles(fixturePath)
      await page.getByLabel('Version name').fill('OECD example')
      await page.getByRole('button', { name: 'Check file' }).click()
      await page.getByRole('heading', { name: 'Check before importing' }).waitFor()
      expect(await page.getByText('5 levels, 19 domains, 39 capabilities').count()).toBe(1)
      await expectNoAxeViolations(page)

      await page.getByRole('button', { name: 'Import as a draft' }).click()
      await page
        .getByRole('status')
        .getByText(/Imported as draft version 1/)
        .waitFor()
      expect(new URL(page.url()).pathname).toBe('/frameworks/OECD-CORE/1')
      await page.getByRole('heading', { level: 4, name: /Analytical Thinking/ }).waitFor()
      await expectNoAxeViolations(page)

      await page.goto('/admin/frameworks')
      await page.getByRole('link', { name: 'Publish OECD example' }).click()
      await page.getByRole('heading', { name: 'Publish OECD, OECD example?' }).waitFor()
      await expectNoAxeViolations(page)
      await page.getByRole('button', { name: 'Publish', exact: true }).click()
      await page.getByRole('status').getByText('Published OECD, OECD example.').waitFor()
    },
  )

  it('shows every problem in a bad file with its line, keeping the version name', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'otp-bad-'))
    const bad = path.join(dir, 'broken.csv')
    fs.writeFileSync(bad, 'Parent id number,Id number\n"never closed,x\n')
    const page = await session.newPage()
    await signIn(page, 'admin@example.org', DEFAULT_DEMO_PASSWORD)
    await page.goto('/admin/frameworks')
    await page.getByLabel('CSV file').setInputFiles(bad)
    await page.getByLabel('Version name').fill('Kept name')
    await page.getByRole('button', { name: 'Check file' }).click()
    await page.getByText('broken.csv has 1 problem. Nothing was written.').waitFor()
    const problems = page.getByRole('table', { name: 'Problems found in broken.csv' })
    expect(await problems.getByRole('cell').allTextContents()).toEqual([
      '2',
      'a quoted field opened here is never closed',
    ])
    expect(await page.getByLabel('Version name').inputValue()).toBe('Kept name')
    await expectNoAxeViolations(page)
    fs.rmSync(dir, { recursive: true, force: true })
  })
})

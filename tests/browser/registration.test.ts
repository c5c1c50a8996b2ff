import { describe, expect, it } from 'vitest'
import { DEFAULT_DEMO_PASSWORD } from '#scripts/demo/seed'
import { chromiumPath, expectNoAxeViolations, mainNav, signIn, useBrowser } from '#tests/support/browser'

describe.skipIf(!chromiumPath)('HCPC registration in the browser', () => {
  const session = useBrowser()

  it('shows the principal OT who needs action first, with a table beside the timeline, passing axe', async () => {
    const page = await session.newPage()
    await signIn(page, 'principal@example.org', DEFAULT_DEMO_PASSWORD)
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Registrations' }).click()
    await page.getByRole('heading', { level: 1, name: 'HCPC registrations' }).waitFor()
    const table = page.getByRole('table', { name: 'Registrations', exact: true })
    await table.waitFor()
    await expect(table.getByRole('rowheader').first().textContent()).resolves.toBe('Grace Owusu')
    await page.getByRole('table', { name: 'Registrations ending by month' }).waitFor()
    await expectNoAxeViolations(page)

    await page.getByLabel('Show').selectOption('expiring-30')
    await page.getByRole('button', { name: 'Show', exact: true }).click()
    await page.waitForURL(/status=expiring-30/)
    await expect.poll(() => table.getByRole('rowheader').allTextContents()).toEqual(['Tom Hughes'])
    await expectNoAxeViolations(page)

    const phone = await session.newPage({ viewport: { width: 360, height: 780 } })
    await signIn(phone, 'principal@example.org', DEFAULT_DEMO_PASSWORD)
    await phone.goto('/workforce/registrations?status=needs-action')
    await phone.getByRole('table', { name: 'Registrations ending by month' }).waitFor()
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
    await phone.screenshot({ path: '/tmp/workforce-registrations-phone.png', fullPage: true })
    await expectNoAxeViolations(phone)
  })

  it('lets an OT see their status, keeps their input on a wrong number, and makes a calendar address', async () => {
    const page = await session.newPage({ viewport: { width: 360, height: 780 } })
    await signIn(page, 'ot@example.org', DEFAULT_DEMO_PASSWORD)
    await (await mainNav(page)).getByRole('link', { name: 'HCPC registration' }).click()
    await page.getByRole('heading', { level: 1, name: 'Your HCPC registration' }).waitFor()
    await page.getByText('Registered until').waitFor()
    await expectNoAxeViolations(page)

    const expiry = await page.getByLabel('Registration ends').inputValue()
    await page.getByLabel('Registration number').fill('PH123456')
    await page.getByRole('button', { name: 'Save registration' }).click()
    const summary = page.locator('.error-summary')
    await summary.getByText('There is a problem').waitFor()
    expect(await summary.evaluate((element) => element === document.activeElement)).toBe(true)
    await page.locator('#field-number-error').getByText('PH is the prefix for physiotherapists').waitFor()
    expect(await page.getByLabel('Registration number').inputValue()).toBe('PH123456')
    expect(await page.getByLabel('Registration ends').inputValue()).toBe(expiry)
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
    await expectNoAxeViolations(page)

    await page.getByRole('button', { name: /calendar address/ }).click()
    const address = page.getByLabel('Your calendar address (copy it now)')
    await address.waitFor()
    const feed = await page.request.get(await address.inputValue())
    expect(feed.status()).toBe(200)
    expect(await feed.text()).toContain('SUMMARY:HCPC registration OT71845 ends')
    const webcal = await page.getByRole('link', { name: 'Open in your calendar app' }).getAttribute('href')
    expect(webcal).toBe((await address.inputValue()).replace(/^http:/, 'webcal:'))
    await page.getByRole('button', { name: 'Copy the address' }).waitFor()
    await expectNoAxeViolations(page)
  })

  it('shows administrators the outgoing email, passing axe', async () => {
    const page = await session.newPage()
    await signIn(page, 'admin@example.org', DEFAULT_DEMO_PASSWORD)
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Outgoing email' }).click()
    await page.getByRole('heading', { level: 1, name: 'Outgoing email' }).waitFor()
    await expectNoAxeViolations(page)
  })
})

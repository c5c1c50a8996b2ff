import { AxeBuilder } from '@axe-core/playwright'
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Locator,
  type Page,
  chromium,
} from 'playwright-core'
import { afterAll, afterEach, beforeAll, expect, inject } from 'vitest'

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

export const chromiumPath = inject('chromiumPath')
export const baseUrl = inject('browserBaseUrl')

export function launchBrowser(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS })
}

export interface BrowserSession {
  /** A page in a new context (its own cookies), closed after the test. */
  newPage(options?: BrowserContextOptions): Promise<Page>
}

/**
 * One Chromium for the file (launched in beforeAll, closed in afterAll) and a new context per page.
 * Call inside a describe that is skipped when there is no Chromium. A page that throws or logs a
 * console error fails its test.
 */
export function useBrowser(): BrowserSession {
  let browser: Browser | undefined
  let open: { context: BrowserContext; problems: string[] }[] = []

  beforeAll(async () => {
    if (!chromiumPath) throw new Error('useBrowser() needs Chromium: wrap the tests in describe.skipIf(!chromiumPath)')
    browser = await launchBrowser(chromiumPath)
  })
  afterEach(async () => {
    const finished = open
    open = []
    await Promise.all(finished.map(({ context }) => context.close()))
    const problems = finished.flatMap((entry) => entry.problems)
    expect(problems, 'errors in the browser console').toEqual([])
  })
  afterAll(async () => {
    await browser?.close()
  })

  return {
    async newPage(options = {}) {
      if (!browser) throw new Error('The browser is not running')
      const context = await browser.newContext({ baseURL: baseUrl, ...options })
      // Playwright's 30 s default would outlast vitest's test timeout and hide which step hung.
      context.setDefaultTimeout(10_000)
      const problems: string[] = []
      open.push({ context, problems })
      const page = await context.newPage()
      page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`))
      page.on('console', (message) => {
        // Chromium reports every 4xx response (a 404 page, a refused sign-in) this way; the tests check statuses themselves.
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
          problems.push(`${page.url()}: ${message.text()}`)
        }
      })
      return page
    },
  }
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login')
  await page.getByLabel('Email address').fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL((url) => url.pathname !== '/login')
}

/** Axe's findings on the page as it is now, one line per violation with where it was found. */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze()
  return results.violations.map((violation) => {
    const targets = violation.nodes
      .slice(0, 3)
      .map((node) => node.target.join(' '))
      .join(' | ')
    const more = violation.nodes.length > 3 ? ` (+${violation.nodes.length - 3} more)` : ''
    return `${violation.id} [${violation.impact ?? 'unknown'}] ${violation.help}: ${targets}${more}`
  })
}

/** Runs axe on the page as it is now and fails listing each violation with where it was found. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  expect(await axeViolations(page), `axe violations on ${new URL(page.url()).pathname}`).toEqual([])
}

/** The main navigation, opened first on a phone-width page, where it folds behind the Menu button. */
export async function mainNav(page: Page): Promise<Locator> {
  if ((page.viewportSize()?.width ?? 1280) <= 640) await page.getByRole('button', { name: 'Menu' }).click()
  return page.getByRole('navigation', { name: 'Main' })
}

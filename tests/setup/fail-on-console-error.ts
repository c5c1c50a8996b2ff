import { afterEach, beforeEach } from 'vitest'

// An unexpected console.error fails the test; a test that expects one calls expectConsoleErrors().
const original = console.error
let logged: unknown[][] = []
let expected = false

beforeEach(() => {
  logged = []
  expected = false
  console.error = (...args: unknown[]) => {
    logged.push(args)
  }
})

afterEach(() => {
  console.error = original
  if (!expected && logged.length > 0) {
    throw new Error(`console.error was called unexpectedly: ${logged[0].map(String).join(' ')}`)
  }
})

/** Lets this test log errors; returns the list they are collected in. */
export function expectConsoleErrors(): unknown[][] {
  expected = true
  return logged
}

import { createCookie, redirect } from '@remix-run/node'

export interface Flash {
  message: string
  kind: 'success' | 'info'
}

const cookies = new Map<string, ReturnType<typeof createCookie>>()

function flashCookie(secret: string, secure: boolean) {
  const key = `${secret}:${secure}`
  let cookie = cookies.get(key)
  if (!cookie) {
    cookie = createCookie('otp_flash', { httpOnly: true, sameSite: 'lax', path: '/', secure, secrets: [secret] })
    cookies.set(key, cookie)
  }
  return cookie
}

export interface FlashConfig {
  FLASH_SECRET: string
  COOKIE_SECURE: boolean
}

/** Redirects with a one-time message, shown on the next page in the status region. */
export async function redirectWithFlash(
  config: FlashConfig,
  url: string,
  flash: Flash,
  init: { headers?: HeadersInit } = {},
): Promise<Response> {
  const headers = new Headers(init.headers)
  headers.append('Set-Cookie', await flashCookie(config.FLASH_SECRET, config.COOKIE_SECURE).serialize(flash))
  return redirect(url, { headers })
}

/** Reads the pending message, if any, and the header that clears it. */
export async function takeFlash(
  config: FlashConfig,
  request: Request,
): Promise<{ flash: Flash | null; setCookie: string | null }> {
  const cookie = flashCookie(config.FLASH_SECRET, config.COOKIE_SECURE)
  const value = await cookie.parse(request.headers.get('Cookie'))
  if (!value || typeof value.message !== 'string') return { flash: null, setCookie: null }
  const flash: Flash = { message: value.message, kind: value.kind === 'info' ? 'info' : 'success' }
  return { flash, setCookie: await cookie.serialize('', { maxAge: 0 }) }
}

import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from '@remix-run/node'

export function isMultipart(request: Request): boolean {
  return request.headers.get('Content-Type')?.startsWith('multipart/form-data') ?? false
}

/** Reads a multipart form, stopping as soon as a file passes the limit rather than holding all of it. */
export async function readMultipartForm(
  request: Request,
  maxFileBytes: number,
): Promise<{ ok: true; form: FormData } | { ok: false; tooLarge: true }> {
  try {
    const form = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: maxFileBytes + 1 }),
    )
    return { ok: true, form }
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { ok: false, tooLarge: true }
    throw error
  }
}

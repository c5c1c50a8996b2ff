import {
  type FileUpload,
  FormDataParseError,
  MaxFileSizeExceededError,
  MaxFilesExceededError,
  MaxPartsExceededError,
  MaxTotalSizeExceededError,
  MultipartParseError,
  parseFormData,
} from '@remix-run/form-data-parser'
import { withoutUnstorableCharacters } from '#app/lib/forms'

export function isMultipart(request: Request): boolean {
  return request.headers.get('Content-Type')?.startsWith('multipart/form-data') ?? false
}

export type UploadRefusal = 'too-large' | 'too-many-files' | 'too-many-fields' | 'unreadable'

export type MultipartResult =
  | { ok: true; form: FormData }
  | { ok: false; refusal: UploadRefusal; /** One sentence to show beside the file field. */ message: string }

export interface UploadLimits {
  /** Files a request may carry (each page's form has one file field). */
  files?: number
  /** Parts (fields and files) a request may carry: a few more than the form has. */
  parts?: number
}

/** Room for the form's other fields beside the files. */
const FIELD_BYTES = 64 * 1024

/**
 * Reads a multipart form with @remix-run/form-data-parser, which parses each part's Content-Disposition as
 * RFC 7578 and RFC 6266 say (quoted names may hold ; and =; filename* is read as UTF-8) and stops reading as
 * soon as a limit is passed rather than holding the rest. Anything it refuses becomes a message for the form,
 * never a server error. What a file really is stays for the caller to tell from its content.
 */
export async function readMultipartForm(
  request: Request,
  maxFileBytes: number,
  limits: UploadLimits = {},
): Promise<MultipartResult> {
  const maxFiles = limits.files ?? 1
  try {
    const form = await parseFormData(
      request,
      {
        maxFiles,
        maxFileSize: maxFileBytes,
        maxParts: limits.parts ?? 20,
        maxTotalSize: maxFileBytes * maxFiles + FIELD_BYTES,
      },
      withReadableName,
    )
    return { ok: true, form }
  } catch (error) {
    const refusal = refusalFor(error)
    if (!refusal) throw error
    return { ok: false, refusal, message: REFUSAL_MESSAGES[refusal](maxFileBytes) }
  }
}

const REFUSAL_MESSAGES: Record<UploadRefusal, (maxFileBytes: number) => string> = {
  'too-large': (max) => `The file is larger than ${Math.round(max / 1024 / 1024)} MB.`,
  'too-many-files': () => 'Choose one file at a time.',
  'too-many-fields': () => 'The form sent more than this page asks for, so it was not read.',
  unreadable: () => 'The upload could not be read: choose the file and try again.',
}

function refusalFor(error: unknown): UploadRefusal | null {
  if (error instanceof MaxFileSizeExceededError || error instanceof MaxTotalSizeExceededError) return 'too-large'
  if (error instanceof MaxFilesExceededError) return 'too-many-files'
  if (error instanceof MaxPartsExceededError) return 'too-many-fields'
  // A malformed body, a header over the size limit, or a part header that is not UTF-8 (TypeError).
  if (error instanceof FormDataParseError || error instanceof MultipartParseError || error instanceof TypeError) {
    return 'unreadable'
  }
  return null
}

/**
 * Browsers write a file name's ", CR and LF as %22, %0D and %0A (the HTML standard's multipart encoding); other
 * clients use backslash escapes, which the parser already reads. Turn the browsers' form back into characters.
 * Other control characters are taken out: a name comes from the sender's computer, and nothing can store them.
 */
function withReadableName(file: FileUpload): File {
  const decoded = file.name.replace(/%22/g, '"').replace(/%0D/gi, '\r').replace(/%0A/gi, '\n')
  const name = withoutUnstorableCharacters(decoded)
  return name === file.name ? file : new File([file], name, { type: file.type })
}

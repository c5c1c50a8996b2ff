export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
export const ENTRY_ATTACHMENTS_MAX_BYTES = 50 * 1024 * 1024

export const ATTACHMENT_TYPES = {
  pdf: { mediaType: 'application/pdf', label: 'PDF', extension: 'pdf' },
  png: { mediaType: 'image/png', label: 'PNG image', extension: 'png' },
  jpeg: { mediaType: 'image/jpeg', label: 'JPEG image', extension: 'jpg' },
  docx: {
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    label: 'Word document',
    extension: 'docx',
  },
  text: { mediaType: 'text/plain; charset=utf-8', label: 'Text file', extension: 'txt' },
} as const
export type AttachmentKind = keyof typeof ATTACHMENT_TYPES

const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((byte, i) => bytes[i] === byte)

function containsAscii(bytes: Uint8Array, text: string): boolean {
  const needle = [...text].map((c) => c.charCodeAt(0))
  outer: for (let i = 0; i <= bytes.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer
    return true
  }
  return false
}

function isPlainText(bytes: Uint8Array): boolean {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    // Control characters other than tab and line breaks mean a binary file that happens to decode.
    // eslint-disable-next-line no-control-regex -- finding control characters is what this test is for
    return !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(text)
  } catch {
    return false
  }
}

/**
 * What a file really is, read from its first bytes, never from its name: a renamed program is refused
 * whatever it is called. A Word document is a ZIP holding word/document.xml.
 */
export function sniffAttachment(bytes: Uint8Array): AttachmentKind | null {
  if (bytes.length === 0) return null
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf'
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png'
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg'
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    return containsAscii(bytes, 'word/document.xml') && containsAscii(bytes, '[Content_Types].xml') ? 'docx' : null
  }
  return isPlainText(bytes) ? 'text' : null
}

/** A name safe to store and to send back in Content-Disposition: no paths, quotes or control characters. */
export function safeFileName(name: string, kind: AttachmentKind): string {
  const base = (name.split(/[\\/]/).pop() ?? '')
    // eslint-disable-next-line no-control-regex -- control characters are removed from file names on purpose
    .replace(/[\u0000-\u001F\u007F"<>:|?*]/g, '')
    .trim()
    .slice(0, 150)
  const stem = base.replace(/\.[^.]*$/, '') || 'attachment'
  return `${stem}.${ATTACHMENT_TYPES[kind].extension}`
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

import { Button, Text } from '@radix-ui/themes'
import { useEffect, useState } from 'react'

/**
 * Copies a value to the clipboard. It appears only once the page's script runs (without it, the value stays in its
 * read-only field to select and copy by hand), and says when it has copied.
 */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [ready, setReady] = useState(false)
  const [copied, setCopied] = useState(false)
  useEffect(() => setReady(Boolean(globalThis.navigator?.clipboard)), [])
  if (!ready) return null
  return (
    <>
      <Button
        type="button"
        variant="soft"
        color="gray"
        highContrast
        size="2"
        onClick={() => {
          void navigator.clipboard.writeText(value).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }}
      >
        {label}
      </Button>
      <Text as="span" size="2" role="status" aria-live="polite">
        {copied ? 'Copied.' : ''}
      </Text>
    </>
  )
}

/** A zip sent as a download: never shown inline, never kept by a browser or proxy cache. */
export function zipDownload(download: { fileName: string; body: ReadableStream<Uint8Array> }): Response {
  return new Response(download.body, {
    headers: {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="${download.fileName}"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}

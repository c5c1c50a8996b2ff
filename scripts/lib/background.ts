/**
 * Runs a job now and then every `everyMs`, one run at a time. The timer does not keep the process alive, a failed
 * run is logged and the next one tried, and `stop` waits for a run under way so the database can close after it.
 */
export function startBackgroundJob(
  name: string,
  everyMs: number,
  job: () => Promise<void>,
  onError: (error: unknown, message: string) => void = (_error, message) => console.error(message),
) {
  let running: Promise<void> = Promise.resolve()
  let stopped = false
  const runOnce = () => {
    running = running.then(async () => {
      if (stopped) return
      try {
        await job()
      } catch (error) {
        onError(error, `[${name}] ${error instanceof Error ? error.message : String(error)}`)
      }
    })
  }
  runOnce()
  const timer = setInterval(runOnce, everyMs)
  timer.unref()
  return {
    /** Runs the job as soon as the one under way has finished, e.g. right after a message was queued. */
    runSoon: runOnce,
    stop: () => {
      stopped = true
      clearInterval(timer)
      return running
    },
  }
}

export class BusyError extends Error {
  constructor() {
    super('Too many requests are waiting for this; try again in a moment')
    this.name = 'BusyError'
  }
}

export interface ConcurrencyLimit {
  /**
   * Runs the task when one of the slots is free. With `wait: 'if-room'` (the default) it is refused with a
   * BusyError when every slot is taken and `maxQueued` tasks are already waiting; with `wait: 'always'` it waits.
   */
  run<T>(task: () => Promise<T>, options?: { wait?: 'if-room' | 'always' }): Promise<T>
  readonly running: number
  readonly queued: number
}

/** A semaphore with a bounded queue: at most `concurrency` tasks run at once, first come first served. */
export function createConcurrencyLimit(options: { concurrency: number; maxQueued: number }): ConcurrencyLimit {
  const concurrency = Math.max(1, Math.floor(options.concurrency))
  const maxQueued = Math.max(0, Math.floor(options.maxQueued))
  const waiting: (() => void)[] = []
  let running = 0

  const release = () => {
    const next = waiting.shift()
    if (next) next()
    else running -= 1
  }

  return {
    get running() {
      return running
    },
    get queued() {
      return waiting.length
    },
    run<T>(task: () => Promise<T>, { wait = 'if-room' }: { wait?: 'if-room' | 'always' } = {}): Promise<T> {
      const start = () => {
        let result: Promise<T>
        try {
          result = task()
        } catch (error) {
          result = Promise.reject(error)
        }
        return result.finally(release)
      }
      if (running < concurrency) {
        running += 1
        return start()
      }
      if (wait === 'if-room' && waiting.length >= maxQueued) return Promise.reject(new BusyError())
      // The slot passes straight from the task that finishes to this one, so `running` stays the same.
      return new Promise<void>((resolve) => waiting.push(resolve)).then(start)
    },
  }
}

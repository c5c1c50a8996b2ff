import { describe, expect, it } from 'vitest'
import { BusyError, createConcurrencyLimit } from '#app/lib/concurrency-limit'

function deferred() {
  let resolve!: () => void
  let reject!: (error: Error) => void
  const promise = new Promise<void>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

describe('a concurrency limit', () => {
  it('runs at most its concurrency at once, queues up to its bound and refuses the rest', async () => {
    const limit = createConcurrencyLimit({ concurrency: 2, maxQueued: 1 })
    const tasks = [deferred(), deferred(), deferred(), deferred()]
    const started: number[] = []
    const runs = tasks.map((task, i) =>
      limit.run(() => {
        started.push(i)
        return task.promise
      }),
    )
    expect(started).toEqual([0, 1])
    expect([limit.running, limit.queued]).toEqual([2, 1])
    await expect(runs[3]).rejects.toBeInstanceOf(BusyError)

    tasks[0].resolve()
    await runs[0]
    await Promise.resolve()
    expect(started).toEqual([0, 1, 2])
    expect([limit.running, limit.queued]).toEqual([2, 0])

    tasks[1].reject(new Error('failed'))
    await expect(runs[1]).rejects.toThrow('failed')
    tasks[2].resolve()
    await runs[2]
    expect([limit.running, limit.queued]).toEqual([0, 0])
  })

  it('queues a task that asks to wait whatever the bound', async () => {
    const limit = createConcurrencyLimit({ concurrency: 1, maxQueued: 0 })
    const first = deferred()
    const running = limit.run(() => first.promise)
    await expect(limit.run(async () => 'refused')).rejects.toBeInstanceOf(BusyError)
    const waiting = limit.run(async () => 'waited', { wait: 'always' })
    expect(limit.queued).toBe(1)
    first.resolve()
    await running
    expect(await waiting).toBe('waited')
  })

  it('frees the slot when a task throws before returning a promise', async () => {
    const limit = createConcurrencyLimit({ concurrency: 1, maxQueued: 0 })
    await expect(
      limit.run(() => {
        throw new Error('at once')
      }),
    ).rejects.toThrow('at once')
    expect(await limit.run(async () => 'next')).toBe('next')
  })
})

/** The rejection of a superseded or cancelled request, as `fetch` does it. */
export function abortError(message = 'Superseded by a newer request'): DOMException {
  return new DOMException(message, 'AbortError')
}

/** True for the rejection of a superseded or cancelled request. */
export function isAbortError(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'AbortError'
}

interface Pending<T> {
  task: (signal: AbortSignal) => Promise<T>
  controller: AbortController
  resolve: (value: T) => void
  reject: (reason: unknown) => void
  settled: boolean
}

/**
 * Runs at most one task at a time, and only the latest asked for. A new request rejects the
 * running one's promise and any waiting one's with an `AbortError` at once (MapLibre's actor
 * leaves them pending forever, which leaks `await`s in UI code). The running task is not
 * interrupted — a worker cannot be pre-empted mid-computation — but its result is dropped, and
 * the newest request starts when it ends, so a dragged slider queues one computation, not fifty.
 * Tasks get an `AbortSignal` to stop early when they can.
 */
export class LatestWins {
  private running: Pending<unknown> | undefined
  private waiting: Pending<unknown> | undefined

  run<T>(task: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const p: Pending<T> = {
        task,
        controller: new AbortController(),
        resolve,
        reject,
        settled: false,
      }
      if (signal?.aborted) {
        reject(abortError('Cancelled'))
        return
      }
      signal?.addEventListener(
        'abort',
        () => this.cancel(p as Pending<unknown>, abortError('Cancelled')),
        { once: true },
      )
      if (this.waiting) this.cancel(this.waiting, abortError())
      if (this.running) this.cancel(this.running, abortError())
      this.waiting = p as Pending<unknown>
      if (!this.running) this.startWaiting()
    })
  }

  /** True while a task (possibly superseded) is still running. */
  get busy(): boolean {
    return this.running !== undefined
  }

  private cancel(p: Pending<unknown>, reason: DOMException): void {
    if (p.settled) return
    p.settled = true
    p.controller.abort(reason)
    p.reject(reason)
    if (this.waiting === p) this.waiting = undefined
  }

  private startWaiting(): void {
    const p = this.waiting
    this.waiting = undefined
    if (!p) return
    this.running = p
    let promise: Promise<unknown>
    try {
      promise = p.task(p.controller.signal)
    } catch (e) {
      promise = Promise.reject(e)
    }
    promise.then(
      (value) => this.finish(p, () => p.resolve(value)),
      (error: unknown) => this.finish(p, () => p.reject(error)),
    )
  }

  private finish(p: Pending<unknown>, settle: () => void): void {
    if (!p.settled) {
      p.settled = true
      settle()
    }
    this.running = undefined
    this.startWaiting()
  }
}

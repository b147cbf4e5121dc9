import { describe, expect, it } from 'vitest'
import { LatestWins, isAbortError } from './latest-wins.ts'

/** A task whose completion the test controls. */
function deferredTask<T>() {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  let started = 0
  let signal: AbortSignal | undefined
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  const task = (s: AbortSignal): Promise<T> => {
    started++
    signal = s
    return promise
  }
  return {
    task,
    resolve,
    reject,
    get started() {
      return started
    },
    get signal() {
      return signal
    },
  }
}

const settledState = async (p: Promise<unknown>): Promise<string> => {
  const marker = Symbol('pending')
  const r = await Promise.race([
    p.then(
      (v) => `resolved:${String(v)}`,
      (e: unknown) => `rejected:${(e as Error).name}`,
    ),
    new Promise((res) => setTimeout(() => res(marker), 0)),
  ])
  return r === marker ? 'pending' : (r as string)
}

describe('LatestWins', () => {
  it('resolves a lone request with its result', async () => {
    const q = new LatestWins()
    await expect(q.run(async () => 42)).resolves.toBe(42)
    expect(q.busy).toBe(false)
  })

  it('rejects a superseded running request with a DOMException AbortError at once', async () => {
    const q = new LatestWins()
    const a = deferredTask<string>()
    const b = deferredTask<string>()
    const pa = q.run(a.task)
    const pb = q.run(b.task)
    const err = await pa.catch((e: unknown) => e)
    expect(err).toBeInstanceOf(DOMException)
    expect((err as DOMException).name).toBe('AbortError')
    expect(a.signal?.aborted).toBe(true)
    // b waits for a's computation to end: the worker cannot run both at once.
    expect(b.started).toBe(0)
    a.resolve('stale')
    await new Promise((r) => setTimeout(r, 0))
    expect(b.started).toBe(1)
    b.resolve('fresh')
    await expect(pb).resolves.toBe('fresh')
  })

  it('runs only the newest of many requests made while one is running', async () => {
    const q = new LatestWins()
    const first = deferredTask<number>()
    const middle = [deferredTask<number>(), deferredTask<number>(), deferredTask<number>()]
    const last = deferredTask<number>()
    const p0 = q.run(first.task)
    const pm = middle.map((m) => q.run(m.task))
    const pl = q.run(last.task)
    for (const p of [p0, ...pm]) expect(await settledState(p)).toBe('rejected:AbortError')
    first.resolve(0)
    await Promise.resolve()
    await new Promise((r) => setTimeout(r, 0))
    expect(middle.map((m) => m.started)).toEqual([0, 0, 0])
    expect(last.started).toBe(1)
    last.resolve(9)
    await expect(pl).resolves.toBe(9)
  })

  it('passes a task failure through and carries on with the next request', async () => {
    const q = new LatestWins()
    await expect(q.run(() => Promise.reject(new RangeError('bad reach')))).rejects.toThrow(
      'bad reach',
    )
    await expect(
      q.run(() => {
        throw new TypeError('sync throw')
      }),
    ).rejects.toThrow('sync throw')
    await expect(q.run(async () => 'ok')).resolves.toBe('ok')
  })

  it('cancels through a caller signal, before or after the request starts', async () => {
    const q = new LatestWins()
    const before = new AbortController()
    before.abort()
    const never = deferredTask<number>()
    expect(await settledState(q.run(never.task, before.signal))).toBe('rejected:AbortError')
    expect(never.started).toBe(0)

    const later = new AbortController()
    const t = deferredTask<number>()
    const p = q.run(t.task, later.signal)
    expect(await settledState(p)).toBe('pending')
    later.abort()
    const err = await p.catch((e: unknown) => e)
    expect(isAbortError(err)).toBe(true)
    expect(t.signal?.aborted).toBe(true)
    t.resolve(1)
    await expect(q.run(async () => 2)).resolves.toBe(2)
  })

  it('does not treat other errors as aborts', () => {
    expect(isAbortError(new Error('x'))).toBe(false)
    expect(isAbortError(new DOMException('x', 'AbortError'))).toBe(true)
  })
})

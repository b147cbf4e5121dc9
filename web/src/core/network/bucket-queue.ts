/**
 * A bucket queue (Dial's structure) for shortest paths from many sources: keys fall into buckets
 * `width` metres wide, kept in a ring, each bucket a FIFO list in typed arrays. Items come out in
 * bucket order, in insertion order within a bucket — not strictly by key — so a search over it
 * is label-correcting: a node improved after it was taken is pushed and taken again. When no
 * edge is shorter than the bucket width nothing is taken twice; the distances are the same,
 * bit for bit, as a binary heap's (each is the least floating-point path sum).
 *
 * From a thousand sources on a million-edge grid it takes about 60% of a heap's time: with a
 * frontier of tens of thousands of nodes, a heap's log-depth sifts through memory dominate.
 */
export class BucketQueue {
  private head: Int32Array
  private tail: Int32Array
  private next: Int32Array
  private items: Int32Array
  private keys: Float64Array
  private free = -1
  private used = 0
  private current = 0
  length = 0
  /** The key of the item last returned by {@link pop}. */
  lastKey = 0

  /**
   * `width`: bucket width (metres); `span`: the largest difference between any two keys held at
   * once (for a search: its longest edge plus the spread of its start costs).
   */
  constructor(
    private readonly width: number,
    span: number,
    capacity = 1024,
  ) {
    const buckets = Math.ceil(span / width) + 2
    if (!(buckets > 0 && buckets < 2 ** 28)) {
      throw new RangeError(`bucket queue of ${buckets} buckets (span ${span} m, width ${width} m)`)
    }
    this.head = new Int32Array(buckets).fill(-1)
    this.tail = new Int32Array(buckets).fill(-1)
    this.next = new Int32Array(capacity)
    this.items = new Int32Array(capacity)
    this.keys = new Float64Array(capacity)
  }

  /** Adds `item` with key `key` (≥ the key last popped, as in any Dijkstra-like search). */
  push(item: number, key: number): void {
    let e = this.free
    if (e >= 0) this.free = this.next[e]!
    else {
      if (this.used === this.items.length) this.grow()
      e = this.used++
    }
    const bucket = Math.floor(key / this.width)
    if (this.length === 0 || bucket < this.current) this.current = bucket
    const b = bucket % this.head.length
    this.items[e] = item
    this.keys[e] = key
    this.next[e] = -1
    if (this.tail[b]! >= 0) this.next[this.tail[b]!] = e
    else this.head[b] = e
    this.tail[b] = e
    this.length++
  }

  /** Takes the oldest item of the lowest non-empty bucket; its key goes to {@link lastKey}. */
  pop(): number {
    const head = this.head
    const n = head.length
    let b = this.current % n
    while (head[b]! < 0) {
      this.current++
      b = this.current % n
    }
    const e = head[b]!
    head[b] = this.next[e]!
    if (head[b]! < 0) this.tail[b] = -1
    this.next[e] = this.free
    this.free = e
    this.length--
    this.lastKey = this.keys[e]!
    return this.items[e]!
  }

  private grow(): void {
    const cap = this.items.length * 2
    const next = new Int32Array(cap)
    next.set(this.next)
    const items = new Int32Array(cap)
    items.set(this.items)
    const keys = new Float64Array(cap)
    keys.set(this.keys)
    this.next = next
    this.items = items
    this.keys = keys
  }
}

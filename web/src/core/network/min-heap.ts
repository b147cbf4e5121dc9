/**
 * A binary min-heap of (item, key) pairs in typed arrays, for Dijkstra with lazy deletion: an
 * item may be pushed again with a smaller key and the stale entry is skipped when popped
 * (cheaper in JavaScript than tracking positions for decrease-key).
 */
export class MinHeap {
  private items: Int32Array
  private keys: Float64Array
  length = 0

  constructor(capacity = 1024) {
    this.items = new Int32Array(Math.max(capacity, 16))
    this.keys = new Float64Array(Math.max(capacity, 16))
  }

  clear(): void {
    this.length = 0
  }

  /** Adds `item` with priority `key`. */
  push(item: number, key: number): void {
    if (this.length === this.items.length) this.grow()
    const items = this.items
    const keys = this.keys
    let i = this.length++
    while (i > 0) {
      const parent = (i - 1) >> 1
      const pk = keys[parent]!
      if (pk <= key) break
      items[i] = items[parent]!
      keys[i] = pk
      i = parent
    }
    items[i] = item
    keys[i] = key
  }

  /** The smallest key (undefined behaviour on an empty heap: check `length`). */
  peekKey(): number {
    return this.keys[0]!
  }

  /** Removes the item with the smallest key and returns it; its key was {@link peekKey}. */
  pop(): number {
    const items = this.items
    const keys = this.keys
    const top = items[0]!
    const n = --this.length
    if (n > 0) {
      const item = items[n]!
      const key = keys[n]!
      let i = 0
      const half = n >> 1
      while (i < half) {
        let c = 2 * i + 1
        let ck = keys[c]!
        const r = c + 1
        if (r < n && keys[r]! < ck) {
          c = r
          ck = keys[r]!
        }
        if (ck >= key) break
        items[i] = items[c]!
        keys[i] = ck
        i = c
      }
      items[i] = item
      keys[i] = key
    }
    return top
  }

  private grow(): void {
    const items = new Int32Array(this.items.length * 2)
    items.set(this.items)
    const keys = new Float64Array(this.keys.length * 2)
    keys.set(this.keys)
    this.items = items
    this.keys = keys
  }
}

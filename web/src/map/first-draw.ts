/**
 * When the page's first map has its facilities drawn. The app waits for it before it starts
 * heavy background work (opening the embedded database) that would compete with the map for
 * the processor on a first visit; the map tells it here.
 */
let drawn = false
let resolveDrawn: () => void = () => {}
const firstDraw = new Promise<void>((resolve) => {
  resolveDrawn = resolve
})

/** Called by the map each time it has drawn facilities; only the first call counts. */
export function announceFacilitiesDrawn(): void {
  if (drawn) return
  drawn = true
  resolveDrawn()
}

/** Resolves once a map has drawn facilities, or after `timeoutMs`, whichever is first. */
export function facilitiesFirstDrawn(timeoutMs: number): Promise<void> {
  return Promise.race([firstDraw, new Promise<void>((r) => setTimeout(r, timeoutMs))])
}

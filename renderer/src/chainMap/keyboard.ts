/**
 * Arrow keys between cards by position on screen (spatial navigation): the nearest card in the
 * pressed direction, preferring cards in line with the current one. Works across lanes, groups
 * and wrapped rows without knowing the layout.
 */
const DIRS = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
} as const

export type ArrowKey = keyof typeof DIRS
export const isArrow = (k: string): k is ArrowKey => k in DIRS

interface Box {
  x: number
  y: number
}

/** Index of the best candidate in direction `key` from `from`, or -1. */
export function nearest(from: Box, candidates: readonly Box[], key: ArrowKey): number {
  const [dx, dy] = DIRS[key]
  let best = -1
  let bestScore = Infinity
  candidates.forEach((c, i) => {
    const along = (c.x - from.x) * dx + (c.y - from.y) * dy
    if (along <= 1) return
    const across = Math.abs((c.x - from.x) * dy + (c.y - from.y) * dx)
    // Off-axis distance weighs more: Down goes to the card below, not the next lane's first card.
    const score = along + across * 3
    if (score < bestScore) (bestScore = score), (best = i)
  })
  return best
}

const centre = (el: Element): Box => {
  const r = el.getBoundingClientRect()
  return { x: r.left + r.width / 2, y: r.top + r.height / 2 }
}

/** Moves focus from the focused card; returns true when it handled the key. */
export function moveFocus(root: HTMLElement, current: HTMLElement, key: ArrowKey): boolean {
  const cards = [...root.querySelectorAll<HTMLElement>('.mcard')].filter((c) => c !== current)
  const i = nearest(centre(current), cards.map(centre), key)
  if (i < 0) return false
  cards[i]!.focus()
  cards[i]!.scrollIntoView({ block: 'nearest', inline: 'nearest' })
  return true
}

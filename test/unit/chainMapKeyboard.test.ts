import { describe, expect, it } from 'vitest'
import { nearest } from '../../renderer/src/chainMap/keyboard'

// Two lanes of cards in a 3-wide grid: lane A at x 0–300, lane B at x 400–700, rows 60 px apart.
const grid = (x0: number) => Array.from({ length: 9 }, (_, i) => ({ x: x0 + (i % 3) * 100, y: (i / 3) | 0 ? ((i / 3) | 0) * 60 : 0 }))
const cards = [...grid(0), ...grid(400)]

describe('arrow keys between map cards', () => {
  it('goes to the neighbour in the row, then across lanes at the row end', () => {
    expect(nearest(cards[0]!, cards, 'ArrowRight')).toBe(1)
    expect(nearest(cards[2]!, cards, 'ArrowRight')).toBe(9) // first card of lane B, same row
    expect(nearest(cards[9]!, cards, 'ArrowLeft')).toBe(2)
  })
  it('goes to the card below / above in the same column, not the next lane', () => {
    expect(nearest(cards[1]!, cards, 'ArrowDown')).toBe(4)
    expect(nearest(cards[4]!, cards, 'ArrowUp')).toBe(1)
  })
  it('stays put at the edges', () => {
    expect(nearest(cards[0]!, cards, 'ArrowUp')).toBe(-1)
    expect(nearest(cards[0]!, cards, 'ArrowLeft')).toBe(-1)
    expect(nearest(cards[17]!, cards, 'ArrowDown')).toBe(-1)
  })
})

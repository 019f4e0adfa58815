/**
 * The crash test's quick version (3 rounds; `npm run crash-test` runs 100): the real
 * browser-mode server is SIGKILLed in the middle of a burst of HTTP edits; every acknowledged
 * write must survive with its history entry, the file must pass integrity_check, and the
 * workspace must reopen. The logic lives in test/helpers/crash.mjs.
 */
import { describe, expect, it } from 'vitest'
import { runCrashRounds } from '../helpers/crash.mjs'

describe('crash safety', () => {
  it('acknowledged edits survive SIGKILL mid-burst (3 rounds)', async () => {
    const lines: string[] = []
    const seed = Math.floor(Math.random() * 1e9)
    const r = await runCrashRounds({ rounds: 3, seed, killAfterMs: [30, 400], log: (l) => lines.push(l) })
    expect(r.failures, `seed ${seed}\n${lines.join('\n')}`).toEqual([])
    expect(r.passed, `seed ${seed}\n${lines.join('\n')}`).toBe(3)
  }, 90_000)
})

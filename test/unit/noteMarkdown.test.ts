import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { NOTE_BODY_MAX, notesApi } from '../../shared/api/notes'
import { NOTE_FORMAT, markdownToNote, noteFileName, noteToMarkdown, slug, uniqueNames, type NoteImportResult, type PortableNote } from '../../shared/noteMarkdown'
import type { Scenario, ScenarioSet } from '../../shared/scenario'

const save = notesApi['notes.save'].input.shape

const sc = (name: string, probability: number, o: Partial<Scenario> = {}): Scenario => ({
  name,
  probability,
  driver: { kind: 'eps', value: 1.25, fyKey: 'FY24E', currency: 'CNY' },
  multiple: { kind: 'pe', value: 30 },
  horizon: '12m',
  rationale: '大模型落地\n教育业务',
  assumptions: '',
  disproof: '订单低于预期',
  checks: [],
  ...o,
})

const scenarios: ScenarioSet = {
  scenarios: [
    sc('bear', 25, { checks: [{ rule: 'priceBelowTarget' }], driver: { kind: 'eps', value: -0.5, fyKey: 'FY24E', currency: 'CNY' } }),
    sc('base', 50, { checks: [{ rule: 'reportPeMove', pct: 20, baseline: 35.5 }, { rule: 'stanceChange', baseline: '买入' }] }),
    sc('bull', 25, { checks: [{ rule: 'multipleAboveTarget' }], driver: { kind: 'revenue', value: 25_000, fyKey: 'FY25E', currency: 'CNY' }, multiple: { kind: 'ps', value: 6 } }),
  ],
  writtenAt: '2024-03-01T08:00:00.000Z',
}

const note = (o: Partial<PortableNote> = {}): PortableNote => ({
  id: 'nlx2k9a01',
  subject: { kind: 'security', id: '002230.SZ' },
  title: '讯飞 thesis',
  tags: ['AI', '算力'],
  createdAt: '2024-03-01T08:00:00.000Z',
  updatedAt: '2024-03-02T09:30:00.000Z',
  scenarios: null,
  body: '# 科大讯飞\n\n观点：…\n',
  ...o,
})

function ok(r: NoteImportResult): PortableNote {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`)
  return r.note
}
function err(r: NoteImportResult) {
  if (r.ok) throw new Error('expected an error')
  return r.error
}
const roundTrip = (n: PortableNote) => {
  const f = noteToMarkdown(n)
  const r = markdownToNote(f.content, f.name)
  return { file: f, note: ok(r), warnings: r.ok ? r.warnings : [] }
}

/** A front-matter file from lines, for the error cases. */
const fm = (lines: string[], body = 'body\n') => `---\n${lines.join('\n')}\n---\n${body}`
const baseLines = () => [
  `format: "${NOTE_FORMAT}"`,
  'id: null',
  'subject_kind: "theme"',
  'subject_id: null',
  'title: "t"',
  'tags: []',
  'created: null',
  'updated: null',
  'scenarios: null',
]
const withLine = (key: string, value: string) => baseLines().map((l) => (l.startsWith(`${key}:`) ? `${key}: ${value}` : l))

describe('noteToMarkdown', () => {
  it('writes key: JSON front-matter, then the body as is', () => {
    const f = noteToMarkdown(note({ scenarios }))
    const lines = f.content.split('\n')
    expect(lines.slice(0, 11)).toEqual([
      '---',
      `format: "workbench-note/1"`,
      'id: "nlx2k9a01"',
      'subject_kind: "security"',
      'subject_id: "002230.SZ"',
      'title: "讯飞 thesis"',
      'tags: ["AI","算力"]',
      'created: "2024-03-01T08:00:00.000Z"',
      'updated: "2024-03-02T09:30:00.000Z"',
      expect.stringMatching(/^scenarios: \{"scenarios":\[\{"name":"bear".*"writtenAt":"2024-03-01T08:00:00.000Z"\}$/),
      '---',
    ])
    expect(f.content.endsWith('\n---\n# 科大讯飞\n\n观点：…\n')).toBe(true)
    expect(f.name).toBe('讯飞 thesis.md')
  })

  it('keeps -0 and escapes characters YAML reads as line breaks or forbids', () => {
    const f = noteToMarkdown(note({ title: 'a\u2028b\u2029c\u0085d\u007fe\ufefff\ng"h\\', tags: ['x\ty'] }))
    const titleLine = f.content.split('\n').find((l) => l.startsWith('title: '))!
    expect(titleLine).toBe('title: "a\\u2028b\\u2029c\\u0085d\\u007fe\\ufefff\\ng\\"h\\\\"')
    // every front-matter line is printable ASCII or ordinary Unicode: one line per key
    expect(f.content.split('\n').slice(0, 11).every((l) => !/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/.test(l))).toBe(true)
    const neg = noteToMarkdown(note({ scenarios: { ...scenarios, scenarios: [sc('x', 100, { driver: { kind: 'eps', value: -0, fyKey: 'FY24E', currency: 'CNY' } })] } }))
    expect(neg.content).toContain('"value":-0,')
    expect(Object.is(ok(markdownToNote(neg.content, neg.name)).scenarios!.scenarios[0]!.driver.value, -0)).toBe(true)
  })
})

describe('round trip: examples', () => {
  const cases: [string, PortableNote][] = [
    ['CJK title, tags, scenarios', note({ scenarios })],
    ['theme note, no id, no dates', note({ id: null, subject: { kind: 'theme' }, createdAt: null, updatedAt: null, tags: [] })],
    ['segment / layer / report subjects', note({ subject: { kind: 'segment', id: 'ai.compute.gpu' } })],
    ['report subject', note({ subject: { kind: 'report', id: 'r_2024_03_01' } })],
    ['body with --- lines (also a fake front-matter)', note({ body: '---\nformat: "x"\n---\n\ntext\n---\nmore\n---' })],
    ['leading and trailing newlines and spaces', note({ body: '\n\n  indented\n\n\n  ' })],
    ['CRLF body', note({ body: 'line 1\r\nline 2\r\n---\r\n\r\n' })],
    ['body starting with CRLF and a BOM', note({ body: '\r\n\ufeffx\r' })],
    ['lone CR line endings', note({ body: 'a\rb\r' })],
    ['emoji and ZWJ sequences', note({ title: '👨‍👩‍👧 🚀 thesis', tags: ['🚀', '🇨🇳'], body: '😀😀\n👍🏽' })],
    ['empty body', note({ body: '' })],
    ['title with newlines, quotes, backslashes, tabs', note({ title: 'a\n"b"\\c\td\r\n---', body: 'x' })],
    ['control characters and U+2028 in the body', note({ body: '\u0001\u0007\u2028\u2029\u0085\u007f' })],
    ['empty title', note({ title: '' })],
    ['max body', note({ body: 'x'.repeat(NOTE_BODY_MAX) })],
  ]
  for (const [name, n] of cases) {
    it(name, () => {
      const r = roundTrip(n)
      expect(r.note).toEqual(n)
      expect(r.note.body).toBe(n.body)
      expect(r.warnings).toEqual([])
    })
  }

  it('a theme note comes back without a subject id key', () => {
    const r = roundTrip(note({ subject: { kind: 'theme' } }))
    expect(r.note.subject).toStrictEqual({ kind: 'theme' })
  })
})

describe('round trip: property', () => {
  // Any UTF-16 units, weighted towards the troublesome ones; invalid strings are filtered out
  // with the schema notes.save uses (NUL, lone surrogates, too long, blank tags …).
  const unit = fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
    { weight: 2, arbitrary: fc.constantFrom('\n', '\r', '\r\n', '---', '\n---\n', '"', '\\', '\t', '\u2028', '\u2029', '\u0085', '\ufeff', '\u007f', ' ', '#', ':', '{', '}', '讯飞', '😀') },
    { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)) },
  )
  // units can be several UTF-16 units long: clip to the limit (a cut pair is a lone surrogate, dropped below)
  const str = (maxLength: number, size: fc.SizeForArbitrary = 'small') => fc.string({ unit, maxLength, size }).map((s) => s.slice(0, maxLength))
  const valid =
    <T>(schema: { safeParse: (v: unknown) => { success: boolean } }) =>
    (v: T) =>
      schema.safeParse(v).success
  // Filtering whole strings would reject nearly all long ones, so the characters the schema
  // forbids are dropped from each string first; the schema filters whatever is left.
  const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g
  const freeText = (max: number, size?: fc.SizeForArbitrary) => str(max, size).map((s) => s.replace(LONE, '').replace(/\u0000/g, ''))
  const labelText = (max: number) =>
    str(max)
      .map((s) => s.replace(LONE, '').replace(/[\u0000-\u001f\u007f]/g, ''))
      .filter((s) => s.trim().length > 0)

  const title = freeText(60, 'medium').filter(valid(save.title))
  const body = freeText(400, 'large').filter(valid(save.body))
  const tags = fc.uniqueArray(labelText(12), { maxLength: 6, selector: (t) => t.trim() }).filter(valid(save.tags))
  const subject = fc.oneof(
    fc.constant({ kind: 'theme' as const }),
    fc.record({ kind: fc.constantFrom('security' as const, 'segment' as const, 'layer' as const, 'report' as const), id: str(80).filter((s) => s.length > 0) }),
  )
  const iso = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString())
  const finite = fc.double({ noNaN: true, noDefaultInfinity: true })
  const check = fc.oneof(
    fc.constant({ rule: 'priceBelowTarget' as const }),
    fc.constant({ rule: 'multipleAboveTarget' as const }),
    fc.record({ rule: fc.constant('reportPeMove' as const), pct: fc.double({ min: Number.MIN_VALUE, max: 1000, noNaN: true }), baseline: fc.option(finite) }),
    fc.record({ rule: fc.constant('stanceChange' as const), baseline: fc.option(freeText(20)) }),
  )
  const scenarioArb = (probability: number) =>
    fc
      .record({
        name: labelText(40),
        kind: fc.constantFrom('eps' as const, 'sps' as const, 'netIncome' as const, 'revenue' as const),
        value: finite,
        fyKey: fc.stringMatching(/^FY\d{2}[AE]?$/),
        currency: fc.constantFrom('CNY', 'HKD', 'USD'),
        multiple: fc.double({ min: Number.MIN_VALUE, max: 10_000, noNaN: true }),
        horizon: freeText(40),
        rationale: freeText(80),
        assumptions: freeText(80),
        disproof: freeText(80),
        checks: fc.array(check, { maxLength: 3 }),
      })
      .map(
        (s): Scenario => ({
          name: s.name,
          probability,
          driver: { kind: s.kind, value: s.value, fyKey: s.fyKey, currency: s.currency },
          multiple: { kind: s.kind === 'eps' || s.kind === 'netIncome' ? 'pe' : 'ps', value: s.multiple },
          horizon: s.horizon,
          rationale: s.rationale,
          assumptions: s.assumptions,
          disproof: s.disproof,
          checks: s.checks,
        }),
      )
  // probabilities: the gaps between sorted cut points in 0..100, so they total exactly 100
  const scenarioSetArb = fc
    .array(fc.integer({ min: 0, max: 100 }), { maxLength: 4 })
    .chain((cuts) => {
      const points = [0, ...cuts.sort((a, b) => a - b), 100]
      const probs = points.slice(1).map((p, i) => p - points[i]!)
      return fc.record({ scenarios: fc.tuple(...probs.map(scenarioArb)), writtenAt: fc.oneof(iso, str(40)) })
    })
    .filter(valid(save.scenarios)) as fc.Arbitrary<ScenarioSet>

  const noteArb: fc.Arbitrary<PortableNote> = fc.record({
    id: fc.option(fc.stringMatching(/^n[0-9a-z]{6,40}$/)),
    subject,
    title,
    tags,
    createdAt: fc.option(iso),
    updatedAt: fc.option(iso),
    scenarios: fc.option(scenarioSetArb),
    body,
  })

  it('markdownToNote(noteToMarkdown(n)) equals n', () => {
    fc.assert(
      fc.property(noteArb, (n) => {
        const f = noteToMarkdown(n)
        const r = markdownToNote(f.content, f.name)
        expect(r.ok ? r : r.error).toMatchObject({ ok: true, warnings: [] })
        expect(ok(r)).toEqual(n)
        expect(ok(r).body).toBe(n.body)
        // the front-matter is exactly 9 lines between the --- lines: nothing in a value breaks a line
        expect(f.content.split('\n')[10]).toBe('---')
        // and the file name is safe
        expect(f.name).toMatch(/^[^/\\:*?"<>|\u0000-\u001f.\s-][^/\\:*?"<>|\u0000-\u001f]*\.md$/)
      }),
      { numRuns: 300 },
    )
  })

  it('the same with CRLF front-matter and a BOM (as an editor on Windows would save it)', () => {
    fc.assert(
      fc.property(noteArb, (n) => {
        const f = noteToMarkdown(n)
        const head = f.content.slice(0, f.content.length - n.body.length)
        const r = markdownToNote(`\ufeff${head.replace(/\n/g, '\r\n')}${n.body}`, f.name)
        expect(ok(r)).toEqual(n)
      }),
      { numRuns: 100 },
    )
  })
})

describe('markdownToNote: front-matter errors', () => {
  it('no closing ---', () => {
    expect(err(markdownToNote('---\nformat: "workbench-note/1"\ntitle: "t"\n\nbody', 'a.md'))).toMatchObject({ code: 'noteImport.unclosed', line: 1 })
    expect(err(markdownToNote('---\n', 'a.md'))).toMatchObject({ code: 'noteImport.unclosed' })
  })

  it('bad JSON names the key and the line', () => {
    const e = err(markdownToNote(fm(withLine('title', '讯飞 thesis')), 'a.md'))
    expect(e).toMatchObject({ code: 'noteImport.json', key: 'title', line: 6 })
    expect(e.message).toContain('"title" (line 6)')
    expect(err(markdownToNote(fm(withLine('tags', '["a",]')), 'a.md'))).toMatchObject({ code: 'noteImport.json', key: 'tags', line: 7 })
    // single quotes are YAML, not JSON
    expect(err(markdownToNote(fm(withLine('subject_kind', "'theme'")), 'a.md'))).toMatchObject({ code: 'noteImport.json', line: 4 })
  })

  it('a line that is not key: value, and a key given twice', () => {
    expect(err(markdownToNote(fm([...baseLines(), 'just text']), 'a.md'))).toMatchObject({ code: 'noteImport.syntax', line: 11 })
    expect(err(markdownToNote(fm([...baseLines(), '  - "x"']), 'a.md'))).toMatchObject({ code: 'noteImport.syntax', line: 11 })
    expect(err(markdownToNote(fm([...baseLines(), 'title: "again"']), 'a.md'))).toMatchObject({ code: 'noteImport.duplicateKey', key: 'title', line: 11 })
  })

  it('format: missing or unknown version', () => {
    expect(err(markdownToNote(fm(baseLines().slice(1)), 'a.md'))).toMatchObject({ code: 'noteImport.format' })
    expect(err(markdownToNote(fm(withLine('format', '"workbench-note/2"')), 'a.md'))).toMatchObject({ code: 'noteImport.format', key: 'format', line: 2 })
  })

  it('subject: unknown kind, theme with an id, other kinds without one', () => {
    expect(err(markdownToNote(fm(withLine('subject_kind', '"company"')), 'a.md'))).toMatchObject({ code: 'noteImport.subjectKind', line: 4 })
    expect(err(markdownToNote(fm(withLine('subject_id', '"x"')), 'a.md'))).toMatchObject({ code: 'noteImport.subjectId', line: 5 })
    const sec = withLine('subject_kind', '"security"')
    expect(err(markdownToNote(fm(sec), 'a.md'))).toMatchObject({ code: 'noteImport.subjectId', line: 5 })
    expect(err(markdownToNote(fm(sec.filter((l) => !l.startsWith('subject_id'))), 'a.md'))).toMatchObject({ code: 'noteImport.subjectId' })
    expect(err(markdownToNote(fm(baseLines().filter((l) => !l.startsWith('subject_kind'))), 'a.md'))).toMatchObject({ code: 'noteImport.missingKey', key: 'subject_kind' })
  })

  it('scenarios: probabilities not totalling 100, driver / multiple mismatch, wrong shape', () => {
    const bad = { ...scenarios, scenarios: scenarios.scenarios.map((s) => ({ ...s, probability: 30 })) }
    const e = err(markdownToNote(fm(withLine('scenarios', JSON.stringify(bad))), 'a.md'))
    expect(e).toMatchObject({ code: 'noteImport.scenarios', key: 'scenarios', line: 10, path: 'scenarios.scenarios' })
    expect(e.message).toContain('total 100')
    const mismatch = { ...scenarios, scenarios: [sc('x', 100, { multiple: { kind: 'ps', value: 3 } })] }
    expect(err(markdownToNote(fm(withLine('scenarios', JSON.stringify(mismatch))), 'a.md'))).toMatchObject({ path: 'scenarios.scenarios.0.multiple.kind' })
    const extra = { ...scenarios, scenarios: [{ ...sc('x', 100), colour: 'red' }] }
    expect(err(markdownToNote(fm(withLine('scenarios', JSON.stringify(extra))), 'a.md'))).toMatchObject({ code: 'noteImport.scenarios', path: 'scenarios.scenarios.0' })
    expect(err(markdownToNote(fm(withLine('scenarios', '[]')), 'a.md'))).toMatchObject({ code: 'noteImport.scenarios' })
  })

  it('title, tags, id and dates follow the notes.save rules', () => {
    expect(err(markdownToNote(fm(withLine('title', '42')), 'a.md'))).toMatchObject({ code: 'noteImport.title', line: 6 })
    expect(err(markdownToNote(fm(withLine('title', JSON.stringify('x'.repeat(201)))), 'a.md'))).toMatchObject({ code: 'noteImport.title' })
    expect(err(markdownToNote(fm(withLine('title', '"a\\u0000b"')), 'a.md'))).toMatchObject({ code: 'noteImport.title' })
    expect(err(markdownToNote(fm(withLine('title', '"a\\ud800b"')), 'a.md'))).toMatchObject({ code: 'noteImport.title' })
    expect(err(markdownToNote(fm(withLine('tags', '"AI"')), 'a.md'))).toMatchObject({ code: 'noteImport.tags', line: 7 })
    expect(err(markdownToNote(fm(withLine('tags', '["AI","AI"]')), 'a.md'))).toMatchObject({ code: 'noteImport.tags' })
    expect(err(markdownToNote(fm(withLine('tags', '["  "]')), 'a.md'))).toMatchObject({ code: 'noteImport.tags', path: 'tags.0' })
    expect(err(markdownToNote(fm(withLine('id', '"../x"')), 'a.md'))).toMatchObject({ code: 'noteImport.id', line: 3 })
    expect(err(markdownToNote(fm(withLine('created', '"yesterday"')), 'a.md'))).toMatchObject({ code: 'noteImport.date', key: 'created', line: 8 })
    expect(err(markdownToNote(fm(withLine('updated', '20240301')), 'a.md'))).toMatchObject({ code: 'noteImport.date', key: 'updated', line: 9 })
  })

  it('body too big, or with NUL', () => {
    const big = err(markdownToNote(fm(baseLines(), 'x'.repeat(NOTE_BODY_MAX + 1)), 'a.md'))
    expect(big).toMatchObject({ code: 'noteImport.bodyTooLong', line: 12 })
    expect(err(markdownToNote('y'.repeat(NOTE_BODY_MAX + 1), 'plain.md'))).toMatchObject({ code: 'noteImport.bodyTooLong' })
    expect(err(markdownToNote(fm(baseLines(), 'a\u0000b'), 'a.md'))).toMatchObject({ code: 'noteImport.body' })
  })

  it('optional keys may be left out; blank lines, comments and unknown keys are tolerated', () => {
    const r = markdownToNote(fm([`format: "${NOTE_FORMAT}"`, '', '# exported by hand', 'subject_kind: "theme"', 'title: "t"', 'aliases: ["x"]', 'id:']), 'a.md')
    expect(ok(r)).toEqual({ id: null, subject: { kind: 'theme' }, title: 't', tags: [], createdAt: null, updatedAt: null, scenarios: null, body: 'body\n' })
    expect(r.ok && r.warnings).toEqual(['front-matter "aliases" (line 7): unknown key, ignored'])
  })

  it('the body keeps its own line endings; the closing --- line takes its CRLF with it', () => {
    const crlf = fm(baseLines()).replace(/\n/g, '\r\n').replace(/body\r\n$/, 'a\nb\r\nc')
    expect(ok(markdownToNote(crlf, 'a.md')).body).toBe('a\nb\r\nc')
    expect(ok(markdownToNote(`---\n${baseLines().join('\n')}\n---`, 'a.md')).body).toBe('')
  })
})

describe('markdownToNote: files without front-matter', () => {
  it('a theme note titled from the first # heading', () => {
    const body = '\ufeffintro\n```\n# not this (code)\n```\n## sub\n#  讯飞 thesis ##  \n# later\n'
    const r = markdownToNote(body, 'notes/x.md')
    expect(ok(r)).toEqual({ id: null, subject: { kind: 'theme' }, title: '讯飞 thesis', tags: [], createdAt: null, updatedAt: null, scenarios: null, body: body.slice(1) })
    expect(r.ok && r.warnings[0]).toMatch(/no front-matter.*first heading/)
  })

  it('else from the file name (without folders and extension)', () => {
    const r = markdownToNote('just text\r\n---\r\n', 'C:\\notes\\算力 2024.md')
    expect(ok(r).title).toBe('算力 2024')
    expect(ok(r).body).toBe('just text\r\n---\r\n')
    expect(r.ok && r.warnings[0]).toMatch(/file name/)
    expect(ok(markdownToNote('', '.md')).title).toBe('Untitled')
    expect(ok(markdownToNote('----\nx', 'a.markdown')).title).toBe('a')
  })

  it('a long heading is clipped to 200 characters without splitting a surrogate pair', () => {
    const t = ok(markdownToNote(`# ${'a'.repeat(199)}😀😀`, 'x.md')).title
    expect(t).toBe('a'.repeat(199))
    expect(save.title.safeParse(t).success).toBe(true)
  })
})

describe('file names', () => {
  it('keeps CJK and emoji, replaces path separators and Windows reserved characters', () => {
    expect(noteFileName('讯飞 thesis')).toBe('讯飞 thesis.md')
    expect(noteFileName('AI / 算力: 2024?')).toBe('AI - 算力- 2024.md')
    expect(noteFileName('a*b?c"d<e>f|g\\h')).toBe('a-b-c-d-e-f-g-h.md')
    expect(noteFileName('🚀 launch')).toBe('🚀 launch.md')
  })

  it('no path traversal, no hidden files, no leading dashes', () => {
    expect(noteFileName('../../etc/passwd')).toBe('etc-passwd.md')
    expect(noteFileName('..\\..\\Windows\\system32')).toBe('Windows-system32.md')
    expect(noteFileName('.env')).toBe('env.md')
    expect(noteFileName('-rf')).toBe('rf.md')
    expect(noteFileName('/')).toBe('note.md')
  })

  it('control characters, line breaks and direction overrides', () => {
    expect(noteFileName('a\nb\tc\u0000d')).toBe('a-b-c-d.md')
    expect(noteFileName('evil\u202etxt.exe')).toBe('eviltxt.exe.md')
    expect(noteFileName('a\ud800b')).toBe('ab.md')
  })

  it('Windows device names and trailing dots or spaces', () => {
    expect(noteFileName('CON')).toBe('_CON.md')
    expect(noteFileName('nul')).toBe('_nul.md')
    expect(noteFileName('com1.txt')).toBe('_com1.txt.md')
    expect(noteFileName('LPT9')).toBe('_LPT9.md')
    expect(noteFileName('console')).toBe('console.md')
    expect(noteFileName('done... ')).toBe('done.md')
  })

  it('at most 80 characters and 200 UTF-8 bytes, never half a surrogate pair', () => {
    expect(slug('x'.repeat(100))).toBe('x'.repeat(80))
    expect(slug('讯'.repeat(100))).toBe('讯'.repeat(66))
    expect(slug('😀'.repeat(100))).toBe('😀'.repeat(50))
    expect(slug(`${'a'.repeat(79)} b`)).toBe('a'.repeat(79))
  })

  it('falls back to the id, then "note"', () => {
    expect(noteFileName('', 'nabc1234')).toBe('nabc1234.md')
    expect(noteFileName('...', null)).toBe('note.md')
    expect(noteToMarkdown(note({ title: '  ' })).name).toBe('nlx2k9a01.md')
  })

  it('uniqueNames appends -2, -3 … ignoring case, never taking an existing name', () => {
    const f = (name: string) => ({ name, content: name })
    const out = uniqueNames([f('a.md'), f('A.md'), f('a-2.md'), f('a.md'), f('b')])
    expect(out.map((x) => x.name)).toEqual(['a.md', 'A-3.md', 'a-2.md', 'a-4.md', 'b'])
    expect(out.map((x) => x.content)).toEqual(['a.md', 'A.md', 'a-2.md', 'a.md', 'b'])
    expect(uniqueNames([f('x'), f('x')]).map((x) => x.name)).toEqual(['x', 'x-2'])
    const names = uniqueNames(['t', 't', 'T', 't-2'].map((t) => noteToMarkdown(note({ title: t })))).map((x) => x.name.toLowerCase())
    expect(new Set(names).size).toBe(4)
  })
})

/**
 * Notes as Markdown files, one file per note, and back (issue 8 item 7). A file is a
 * front-matter block between `---` lines, then the body exactly as stored, byte for byte.
 *
 * The front-matter is one `key: <JSON value>` per line. JSON is a subset of YAML, so the block
 * is valid YAML for other tools (Obsidian, static-site generators) yet parses back here with
 * JSON.parse alone: no YAML library, no YAML ambiguity (`no` → false, `1.0` → 1, dates …).
 *
 *   ---
 *   format: "workbench-note/1"
 *   id: "nlx2k9a01"
 *   subject_kind: "security"
 *   subject_id: "002230.SZ"
 *   title: "讯飞 thesis"
 *   tags: ["AI","算力"]
 *   created: "2024-03-01T08:00:00.000Z"
 *   updated: "2024-03-02T09:30:00.000Z"
 *   scenarios: {"scenarios":[…],"writtenAt":"…"}
 *   ---
 *   body…
 *
 * Round trip: markdownToNote(noteToMarkdown(n).content, name).note deep-equals n for every note
 * notes.save accepts. Import is strict (a wrong key or value is an error naming the key and the
 * line) and applies the same rules as notes.save, so an imported note can be saved as is.
 * Pure: no Node, DOM or file system; the caller reads and writes the files.
 */
import { NOTE_BODY_MAX, SUBJECT_KINDS, notesApi, type NoteSubject, type SubjectKind } from './api/notes'
import { scenarioSet } from './api/scenarioSchema'
import type { ScenarioSet } from './scenario'

/** The front-matter format this version writes and the only one it reads. */
export const NOTE_FORMAT = 'workbench-note/1'

/** Longest file name stem, in characters (code points) … */
export const NOTE_FILE_STEM_MAX = 80
/** … and in UTF-8 bytes (file systems count bytes: 255 at most, leave room for "-12.md"). */
const STEM_MAX_BYTES = 200

export interface NoteFile {
  name: string
  content: string
}

/** A note as it travels in a file: what notes.get returns, minus what the engine computes. */
export interface PortableNote {
  id: string | null
  subject: NoteSubject
  title: string
  tags: string[]
  createdAt: string | null
  updatedAt: string | null
  scenarios: ScenarioSet | null
  body: string
}

export interface NoteImportError {
  /** noteImport.* */
  code: string
  /** English, for logs and as a fallback */
  message: string
  /** 1-based line in the file */
  line?: number
  /** the front-matter key at fault */
  key?: string
  /** inside a value (scenarios, tags): where the first problem is, e.g. "scenarios.0.probability" */
  path?: string
}

export type NoteImportResult = { ok: true; note: PortableNote; warnings: string[] } | { ok: false; error: NoteImportError }

/** Front-matter keys, in the order they are written. */
const KEYS = ['format', 'id', 'subject_kind', 'subject_id', 'title', 'tags', 'created', 'updated', 'scenarios'] as const
type Key = (typeof KEYS)[number]

const save = notesApi['notes.save'].input.shape

// ---------------------------------------------------------------------------------------------
// Export

/** One note as one Markdown file. Never throws; validation is the importer's job. */
export function noteToMarkdown(n: PortableNote): NoteFile {
  const values: Record<Key, unknown> = {
    format: NOTE_FORMAT,
    id: n.id,
    subject_kind: n.subject.kind,
    subject_id: n.subject.id ?? null,
    title: n.title,
    tags: n.tags,
    created: n.createdAt,
    updated: n.updatedAt,
    scenarios: n.scenarios,
  }
  const lines = KEYS.map((k) => `${k}: ${yamlSafeJson(values[k])}`)
  return { name: noteFileName(n.title, n.id), content: `---\n${lines.join('\n')}\n---\n${n.body}` }
}

/**
 * JSON on one line that is also safe YAML: -0 kept (JSON.parse reads it back, JSON.stringify
 * would write 0), and characters YAML forbids or reads as line breaks (DEL and C1 controls,
 * U+2028/2029, BOM, U+FFFE/FFFF) written as \u escapes — they can only occur inside strings.
 * Control characters, quotes and lone surrogates are escaped by JSON.stringify itself.
 */
function yamlSafeJson(v: unknown): string {
  return json(v).replace(/[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

function json(v: unknown): string {
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : JSON.stringify(v)
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : json(x))).join(',')}]`
  if (v !== null && typeof v === 'object') {
    const parts: string[] = []
    for (const [k, x] of Object.entries(v)) if (x !== undefined) parts.push(`${JSON.stringify(k)}:${json(x)}`)
    return `{${parts.join(',')}}`
  }
  return JSON.stringify(v) ?? 'null'
}

/** "<slug of the title>.md", or of the id when the title leaves nothing, or "note.md". */
export function noteFileName(title: string, id: string | null = null): string {
  return `${slug(title) || slug(id ?? '') || 'note'}.md`
}

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\..*)?$/i

/**
 * A file name stem any OS accepts and no path can escape: CJK and other letters kept; path
 * separators, Windows' reserved characters : * ? " < > | and control characters become "-";
 * invisible direction marks dropped (they disguise names); no leading dots (hidden files, "..")
 * or dashes (read as options), no trailing dots or spaces (Windows drops them); Windows device
 * names (CON, NUL, COM1 …) prefixed with "_"; at most 80 characters and 200 UTF-8 bytes.
 */
export function slug(s: string): string {
  let t = s
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .normalize('NFC')
    .replace(/[\u200b\u200e\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, '')
    .replace(/[/\\:*?"<>|\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '-')
    .replace(/\s+/g, ' ')
    .replace(/-(?:\s*-)+/g, '-')
  t = trimEnds(t)
  let out = ''
  let bytes = 0
  let chars = 0
  for (const ch of t) {
    const cp = ch.codePointAt(0)!
    const b = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4
    if (chars + 1 > NOTE_FILE_STEM_MAX || bytes + b > STEM_MAX_BYTES) break
    out += ch
    bytes += b
    chars++
  }
  out = trimEnds(out)
  return WINDOWS_RESERVED.test(out) ? `_${out}` : out
}

const trimEnds = (s: string) => s.replace(/^[\s.-]+/, '').replace(/[\s.-]+$/, '')

/**
 * Makes names unique (ignoring case, as Windows and macOS do) by appending -2, -3 … before the
 * extension. A name that is already unique is never changed; a renamed file never takes a name
 * another file has. Returns new objects in the same order.
 */
export function uniqueNames(files: readonly NoteFile[]): NoteFile[] {
  const key = (n: string) => n.normalize('NFC').toLowerCase()
  const taken = new Set(files.map((f) => key(f.name)))
  const given = new Set<string>()
  return files.map((f) => {
    const k = key(f.name)
    if (!given.has(k)) {
      given.add(k)
      return { ...f }
    }
    const dot = f.name.lastIndexOf('.')
    const [stem, ext] = dot > 0 ? [f.name.slice(0, dot), f.name.slice(dot)] : [f.name, '']
    let i = 2
    while (taken.has(key(`${stem}-${i}${ext}`))) i++
    const name = `${stem}-${i}${ext}`
    taken.add(key(name))
    given.add(key(name))
    return { ...f, name }
  })
}

// ---------------------------------------------------------------------------------------------
// Import

const fail = (code: string, message: string, at: { line?: number; key?: string; path?: string } = {}): NoteImportResult => ({
  ok: false,
  error: { code, message, ...at },
})

/** "2024-03-01" or an ISO-8601 date-time such as toISOString() writes. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/

/**
 * One Markdown file back to a note. With front-matter (the file starts with a `---` line):
 * strict — every line `key: JSON`, the format known, values valid as notes.save would have
 * them; the body is everything after the closing `---` line, line endings untouched. Without
 * front-matter: a theme note titled from the first `# heading` or the file name (a warning
 * says so). A UTF-8 BOM and CRLF line endings in the front-matter are accepted.
 */
export function markdownToNote(content: string, fileName: string): NoteImportResult {
  const text = content.startsWith('\ufeff') ? content.slice(1) : content
  const opener = /^---\r?\n/.exec(text)
  if (!opener) return plainMarkdown(text, fileName)

  // Front-matter lines, up to the closing `---` (found first: an unclosed block is the error to
  // report, not the first body line that is not `key: value`).
  const lines: string[] = []
  let pos = opener[0].length
  let bodyStart = -1
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos)
    const line = text.slice(pos, nl < 0 ? text.length : nl).replace(/\r$/, '')
    pos = nl < 0 ? text.length : nl + 1
    if (line === '---') {
      bodyStart = pos
      break
    }
    lines.push(line)
  }
  if (bodyStart < 0) return fail('noteImport.unclosed', 'front-matter opened on line 1 is never closed by a "---" line', { line: 1 })

  const entries = new Map<string, { value: unknown; line: number }>()
  const warnings: string[] = []
  for (const [i, line] of lines.entries()) {
    const lineNo = i + 2
    if (line.trim() === '' || /^\s*#/.test(line)) continue
    const m = /^([A-Za-z_][A-Za-z0-9_-]*):(?:[ \t]+(.*))?$/.exec(line)
    if (!m) return fail('noteImport.syntax', `front-matter line ${lineNo}: expected "key: <JSON value>"`, { line: lineNo })
    const key = m[1]!
    const raw = (m[2] ?? '').trim()
    let value: unknown = null
    if (raw !== '') {
      try {
        value = JSON.parse(raw)
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e)
        return fail('noteImport.json', `front-matter "${key}" (line ${lineNo}): not valid JSON: ${why}`, { line: lineNo, key })
      }
    }
    if (entries.has(key)) return fail('noteImport.duplicateKey', `front-matter "${key}" (line ${lineNo}): given twice (first on line ${entries.get(key)!.line})`, { line: lineNo, key })
    if (!(KEYS as readonly string[]).includes(key)) warnings.push(`front-matter "${key}" (line ${lineNo}): unknown key, ignored`)
    entries.set(key, { value, line: lineNo })
  }
  const closingLine = lines.length + 2
  const at = (key: Key) => ({ key, line: entries.get(key)?.line ?? closingLine })
  const has = (key: Key) => entries.has(key) && entries.get(key)!.value !== null
  const val = (key: Key) => entries.get(key)?.value ?? null

  // format
  if (!entries.has('format')) return fail('noteImport.format', `front-matter has no "format" key (expected "${NOTE_FORMAT}")`, { line: 1, key: 'format' })
  if (val('format') !== NOTE_FORMAT)
    return fail('noteImport.format', `front-matter "format" (line ${at('format').line}): unknown format ${JSON.stringify(val('format'))}; this version reads "${NOTE_FORMAT}"`, at('format'))

  // id
  let id: string | null = null
  if (has('id')) {
    const v = val('id')
    if (typeof v !== 'string' || !save.id.safeParse(v).success)
      return fail('noteImport.id', `front-matter "id" (line ${at('id').line}): a note id is "n" followed by 6–40 letters and digits, or null`, at('id'))
    id = v
  }

  // subject
  const kind = val('subject_kind')
  if (!entries.has('subject_kind')) return fail('noteImport.missingKey', 'front-matter has no "subject_kind" key', { line: closingLine, key: 'subject_kind' })
  if (typeof kind !== 'string' || !(SUBJECT_KINDS as readonly string[]).includes(kind))
    return fail('noteImport.subjectKind', `front-matter "subject_kind" (line ${at('subject_kind').line}): ${JSON.stringify(kind)} is not one of ${SUBJECT_KINDS.join(', ')}`, at('subject_kind'))
  const subjectId = val('subject_id')
  let subject: NoteSubject
  if (kind === 'theme') {
    if (subjectId !== null) return fail('noteImport.subjectId', `front-matter "subject_id" (line ${at('subject_id').line}): a theme has no subject id (use null)`, at('subject_id'))
    subject = { kind }
  } else {
    if (typeof subjectId !== 'string' || subjectId.length < 1 || subjectId.length > 80)
      return fail('noteImport.subjectId', `front-matter "subject_id" (line ${at('subject_id').line}): a ${kind} note needs the ${kind}'s id (1–80 characters)`, at('subject_id'))
    subject = { kind: kind as SubjectKind, id: subjectId }
  }

  // title
  if (!entries.has('title')) return fail('noteImport.missingKey', 'front-matter has no "title" key', { line: closingLine, key: 'title' })
  const title = val('title')
  if (typeof title !== 'string') return fail('noteImport.title', `front-matter "title" (line ${at('title').line}): must be a string`, at('title'))
  const titleCheck = save.title.safeParse(title)
  if (!titleCheck.success) return fail('noteImport.title', `front-matter "title" (line ${at('title').line}): ${titleCheck.error.issues[0]!.message}`, at('title'))

  // tags
  let tags: string[] = []
  if (has('tags')) {
    const v = val('tags')
    if (!Array.isArray(v) || !v.every((t) => typeof t === 'string'))
      return fail('noteImport.tags', `front-matter "tags" (line ${at('tags').line}): must be a list of strings`, at('tags'))
    const r = save.tags.safeParse(v)
    if (!r.success) {
      const i = r.error.issues[0]!
      const path = ['tags', ...i.path.map(String)].join('.')
      return fail('noteImport.tags', `front-matter "tags" (line ${at('tags').line}): ${path}: ${i.message}`, { ...at('tags'), path })
    }
    tags = v as string[]
  }

  // dates
  const date = (key: 'created' | 'updated'): { ok: true; value: string | null } | { ok: false; error: NoteImportResult } => {
    if (!has(key)) return { ok: true, value: null }
    const v = val(key)
    if (typeof v !== 'string' || v.length > 40 || !ISO_DATE_TIME.test(v))
      return { ok: false, error: fail('noteImport.date', `front-matter "${key}" (line ${at(key).line}): an ISO-8601 date or date-time, or null`, at(key)) }
    return { ok: true, value: v }
  }
  const created = date('created')
  if (!created.ok) return created.error
  const updated = date('updated')
  if (!updated.ok) return updated.error

  // scenarios
  let scenarios: ScenarioSet | null = null
  if (has('scenarios')) {
    const v = val('scenarios')
    const r = scenarioSet.safeParse(v)
    if (!r.success) {
      const i = r.error.issues[0]!
      const path = ['scenarios', ...i.path.map(String)].join('.')
      return fail('noteImport.scenarios', `front-matter "scenarios" (line ${at('scenarios').line}): ${path}: ${i.message}`, { ...at('scenarios'), path })
    }
    // the value as written, not zod's output (which trims names): the round trip stays exact
    scenarios = v as ScenarioSet
  }

  const body = text.slice(bodyStart)
  const bad = checkBody(body, closingLine + 1)
  if (bad) return bad
  return {
    ok: true,
    note: { id, subject, title, tags, createdAt: created.value, updatedAt: updated.value, scenarios, body },
    warnings,
  }
}

function checkBody(body: string, line: number): NoteImportResult | null {
  if (body.length > NOTE_BODY_MAX) return fail('noteImport.bodyTooLong', `body: ${body.length} characters, at most ${NOTE_BODY_MAX}`, { line })
  const r = save.body.safeParse(body)
  if (!r.success) return fail('noteImport.body', `body: ${r.error.issues[0]!.message}`, { line })
  return null
}

/** A Markdown file without front-matter: a theme note, the whole file its body. */
function plainMarkdown(body: string, fileName: string): NoteImportResult {
  const bad = checkBody(body, 1)
  if (bad) return bad
  const heading = firstHeading(body)
  const base = fileName.split(/[/\\]/).pop()!.replace(/\.(md|markdown|mdown|mkd|txt)$/i, '').trim()
  const title = clip(heading ?? (base || 'Untitled'), 200)
  const warnings = [
    heading != null
      ? `no front-matter: imported as a theme note titled from its first heading`
      : `no front-matter: imported as a theme note titled from the file name`,
  ]
  return { ok: true, note: { id: null, subject: { kind: 'theme' }, title, tags: [], createdAt: null, updatedAt: null, scenarios: null, body }, warnings }
}

/** Text of the first `# heading` (level 1, ATX) outside fenced code, or null. */
function firstHeading(body: string): string | null {
  let fence: string | null = null
  for (const raw of body.split('\n')) {
    const line = raw.replace(/\r$/, '')
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(line)
    if (f) {
      if (fence == null) fence = f[1]!
      else if (f[1]![0] === fence[0] && f[1]!.length >= fence.length && line.trim() === f[1]) fence = null
      continue
    }
    if (fence != null) continue
    const h = /^ {0,3}#(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(line)
    const t = h?.[1]?.trim()
    if (t) return t
  }
  return null
}

/** At most max UTF-16 units, never splitting a surrogate pair. */
function clip(s: string, max: number): string {
  if (s.length <= max) return s
  const cut = /[\uD800-\uDBFF]/.test(s[max - 1]!) ? max - 1 : max
  return s.slice(0, cut)
}

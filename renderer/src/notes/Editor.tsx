/**
 * The Markdown editor: CodeMirror 6 with the markdown language, line wrapping, undo history and
 * the default keymap. It owns its document: the parent passes a text only when another note
 * (or a restored revision) is opened — `docKey` changes — never on a save, so the cursor, the
 * selection and the undo history survive autosave.
 */
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands'
import { markdown } from '@codemirror/lang-markdown'
import { defaultHighlightStyle, HighlightStyle, syntaxHighlighting } from '@codemirror/language'
import { EditorState } from '@codemirror/state'
import { EditorView, keymap, placeholder } from '@codemirror/view'
import { memo, useEffect, useRef } from 'react'

interface Props {
  /** changes when another document is loaded (note switch, revision restored, reload) */
  docKey: string
  /** the text loaded on mount and when docKey changes; ignored otherwise */
  initial: string
  readOnly: boolean
  placeholderText: string
  label: string
  onChange: (text: string) => void
  onBlur: () => void
}

// Colours are the page's CSS variables (styles.css), so the editor follows a theme switch at once
// without reconfiguring: the surface, text, caret, selection and placeholder.
const theme = EditorView.theme({
  '&': { height: '100%', fontSize: '14px', backgroundColor: 'var(--surface)', color: 'var(--text)' },
  '.cm-scroller': { fontFamily: 'inherit', lineHeight: '1.65', overflow: 'auto' },
  '.cm-content': { padding: '10px 4px', caretColor: 'var(--heading)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--heading)' },
  '&.cm-focused': { outline: 'none' },
  '.cm-selectionBackground, .cm-content ::selection': { backgroundColor: 'color-mix(in srgb, var(--link) 22%, transparent) !important' },
  '&.cm-focused .cm-selectionBackground': { backgroundColor: 'color-mix(in srgb, var(--link) 32%, transparent) !important' },
  '.cm-placeholder': { color: 'var(--faint)' },
})

/** CodeMirror's fixed colours (dark blue links, grey-green markup) → theme variables; weights and decorations kept. */
const COLOUR_VAR: Record<string, string> = {
  '#404740': 'var(--muted)',
  '#219': 'var(--link)',
  '#708': 'var(--violet-text)',
  '#164': 'var(--green)',
  '#a11': 'var(--red)',
  '#e40': 'var(--amber)',
  '#00f': 'var(--link)',
  '#30a': 'var(--violet-text)',
  '#085': 'var(--green)',
  '#167': 'var(--green)',
  '#256': 'var(--link)',
  '#00c': 'var(--link)',
  '#940': 'var(--amber)',
  '#f00': 'var(--red)',
}
const highlight = HighlightStyle.define(
  defaultHighlightStyle.specs.map((spec) => (typeof spec.color === 'string' ? { ...spec, color: COLOUR_VAR[spec.color] ?? 'var(--text-2)' } : spec)),
)

function makeState(doc: string, readOnly: boolean, p: { current: Props }): EditorState {
  return EditorState.create({
    doc,
    extensions: [
      history(),
      keymap.of([...defaultKeymap, ...historyKeymap]),
      markdown(),
      syntaxHighlighting(highlight, { fallback: true }),
      EditorView.lineWrapping,
      placeholder(p.current.placeholderText),
      EditorState.readOnly.of(readOnly),
      EditorView.editable.of(!readOnly),
      EditorView.contentAttributes.of({ 'aria-label': p.current.label, 'aria-multiline': 'true', spellcheck: 'false' }),
      theme,
      EditorView.updateListener.of((u) => {
        if (u.docChanged) p.current.onChange(u.state.doc.toString())
      }),
      EditorView.domEventHandlers({
        blur: () => {
          p.current.onBlur()
          return false
        },
      }),
    ],
  })
}

export const Editor = memo(function Editor(props: Props) {
  const host = useRef<HTMLDivElement>(null)
  const view = useRef<EditorView | null>(null)
  const latest = useRef(props)
  latest.current = props

  useEffect(() => {
    const v = new EditorView({ parent: host.current!, state: makeState(latest.current.initial, latest.current.readOnly, latest) })
    view.current = v
    return () => {
      v.destroy()
      view.current = null
    }
  }, [])

  // Another document: a fresh state (its own undo history), not a replace inside the old one.
  const first = useRef(true)
  useEffect(() => {
    if (first.current) {
      first.current = false
      return
    }
    view.current?.setState(makeState(latest.current.initial, latest.current.readOnly, latest))
  }, [props.docKey, props.readOnly])

  return <div className="note-editor" ref={host} data-testid="note-editor" />
})

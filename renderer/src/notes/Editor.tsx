/**
 * The Markdown editor: CodeMirror 6 with the markdown language, line wrapping, undo history and
 * the default keymap. It owns its document: the parent passes a text only when another note
 * (or a restored revision) is opened — `docKey` changes — never on a save, so the cursor, the
 * selection and the undo history survive autosave.
 */
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands'
import { markdown } from '@codemirror/lang-markdown'
import { defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language'
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

const theme = EditorView.theme({
  '&': { height: '100%', fontSize: '14px', backgroundColor: '#fff' },
  '.cm-scroller': { fontFamily: 'inherit', lineHeight: '1.65', overflow: 'auto' },
  '.cm-content': { padding: '10px 4px', caretColor: '#14213d' },
  '&.cm-focused': { outline: 'none' },
  '.cm-placeholder': { color: '#98a1b0' },
})

function makeState(doc: string, readOnly: boolean, p: { current: Props }): EditorState {
  return EditorState.create({
    doc,
    extensions: [
      history(),
      keymap.of([...defaultKeymap, ...historyKeymap]),
      markdown(),
      syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
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

/**
 * A text input that holds a draft and hands it on only when the analyst is done with it (blur
 * or Enter), and only if it changed; Esc puts the stored value back. Each commit re-runs the
 * import preview, so committing on every keystroke would re-parse the file per character.
 */
import { useEffect, useState } from 'react'

interface Props {
  value: string
  onCommit: (text: string) => void
  label: string
  disabled: boolean
  className: string
  maxLength: number
  list?: string
}

export function CommitInput({ value, onCommit, label, disabled, className, maxLength, list }: Props) {
  const [text, setText] = useState(value)
  useEffect(() => setText(value), [value])
  const commit = () => {
    if (text !== value) onCommit(text)
  }
  return (
    <input
      className={className}
      list={list}
      value={text}
      maxLength={maxLength}
      aria-label={label}
      disabled={disabled}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault()
          commit()
        }
        if (e.key === 'Escape') setText(value)
      }}
    />
  )
}

/**
 * A date field that reads and shows dates as YYYY-MM-DD in both languages. The browser's own
 * <input type=date> shows the operating system's format (mm/dd/yyyy on an English system, in a
 * Chinese UI too) and cannot be told otherwise. Typed forms analysts use — 2023/2/8, 2023.2.8,
 * 20230208, 2023年2月8日, full-width digits — become 2023-02-08 when the field is left.
 *
 * `onChange` gets the ISO date, '' when cleared, and otherwise what was typed (a form then
 * sends it, and the engine's message names the field and the value), unless `validOnly` (a
 * filter: only a real date or nothing is applied). Anything not a calendar date is marked.
 */
import { useEffect, useState, type InputHTMLAttributes } from 'react'
import { normalizeCell, parseDate } from '../../../shared/import/cells'
import { useI18n } from '../i18n'

const TEXT = {
  zh: { placeholder: '年-月-日', invalid: '不是有效的日期：请按 YYYY-MM-DD 填写，例如 2023-02-08' },
  en: { placeholder: 'YYYY-MM-DD', invalid: 'Not a real date: write it as YYYY-MM-DD, e.g. 2023-02-08' },
}

/** ISO for a real calendar date, '' for nothing, null for anything else. */
export function readDate(text: string): string | null {
  const s = normalizeCell(text)
  return s === '' ? '' : parseDate(s)
}

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type'> & {
  value: string
  onChange: (value: string) => void
  validOnly?: boolean
  /** the engine refused this field */
  invalid?: boolean
}

export function DateField({ value, onChange, validOnly, invalid, title, ...rest }: Props) {
  const { lang } = useI18n()
  const t = TEXT[lang]
  const [text, setText] = useState(value)
  // a new value from outside (a reset, another default) replaces what the field shows
  useEffect(() => setText((old) => (readDate(old) === value || old.trim() === value ? old : value)), [value])
  // the engine's mark stands until the analyst edits the field
  const [edited, setEdited] = useState(false)
  useEffect(() => setEdited(false), [invalid])
  const parsed = readDate(text)
  const change = (next: string) => {
    setText(next)
    setEdited(true)
    const iso = readDate(next)
    if (iso !== null) onChange(iso)
    else if (!validOnly) onChange(next.trim())
  }
  return (
    <input
      {...rest}
      type="text"
      inputMode="numeric"
      className={`date-field${rest.className ? ` ${rest.className}` : ''}`}
      placeholder={t.placeholder}
      value={text}
      size={10}
      maxLength={24}
      onChange={(e) => change(e.target.value)}
      onBlur={(e) => {
        if (parsed) setText(parsed)
        rest.onBlur?.(e)
      }}
      aria-invalid={parsed === null || (invalid && !edited) ? true : undefined}
      title={parsed === null ? t.invalid : title}
    />
  )
}

/**
 * In-app dialogs. Electron does not implement window.prompt (and confirm/alert block the
 * renderer), so every question the app asks goes through these: a modal with a title, Esc and
 * the backdrop cancel, Enter submits, focus starts in the first field and is given back after.
 * Rendered into <body> so a dialog opened from a fixed panel (History) still covers the page.
 */
import { useEffect, useRef, type ReactNode } from 'react'
import { createPortal } from 'react-dom'
import { useI18n } from '../i18n'

interface DialogProps {
  title: string
  children: ReactNode
  onClose: () => void
  /** Enter (or the primary button, as a submit) */
  onSubmit?: () => void
  footer: ReactNode
  testId?: string
  wide?: boolean
}

export function Dialog({ title, children, onClose, onSubmit, footer, testId, wide }: DialogProps) {
  const box = useRef<HTMLFormElement>(null)
  const close = useRef(onClose)
  close.current = onClose
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null
    const first = box.current?.querySelector<HTMLElement>('input, select, textarea, button.primary, button')
    first?.focus()
    if (first instanceof HTMLInputElement) first.select()
    // On the window, not the form: focus may have left the dialog (a button disabled while saving).
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return
      e.preventDefault()
      close.current()
    }
    window.addEventListener('keydown', onKey)
    return () => {
      window.removeEventListener('keydown', onKey)
      before?.focus?.()
    }
  }, [])
  return createPortal(
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <form
        ref={box}
        className={wide ? 'modal wide' : 'modal'}
        role="dialog"
        aria-modal="true"
        aria-label={title}
        data-testid={testId}
        onSubmit={(e) => {
          e.preventDefault()
          onSubmit?.()
        }}
      >
        <div className="modal-title">{title}</div>
        <div className="modal-body">{children}</div>
        <div className="modal-foot">{footer}</div>
      </form>
    </div>,
    document.body,
  )
}

interface ConfirmProps {
  title: string
  message: ReactNode
  confirmLabel: string
  onConfirm: () => void
  onCancel: () => void
  danger?: boolean
  busy?: boolean
  testId?: string
}

/** A yes/no question in the app's own UI (the replacement for window.confirm). */
export function ConfirmDialog({ title, message, confirmLabel, onConfirm, onCancel, danger, busy, testId }: ConfirmProps) {
  const { t } = useI18n()
  return (
    <Dialog
      title={title}
      onClose={onCancel}
      onSubmit={onConfirm}
      testId={testId ?? 'confirm-dialog'}
      footer={
        <>
          <span className="spacer" />
          <button type="button" onClick={onCancel}>
            {t.cancel}
          </button>
          <button type="submit" className={danger ? 'primary danger' : 'primary'} disabled={busy}>
            {confirmLabel}
          </button>
        </>
      }
    >
      <div className="modal-message">{message}</div>
    </Dialog>
  )
}

/**
 * The small popup the grids' column menu and columns chooser open in (ColumnMenu.tsx,
 * ColumnChooser.tsx). It lives in <body> so the grid's overflow cannot clip it, and it keeps its
 * keys and clicks to itself so the grid underneath does not act on them.
 */
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type ReactNode, type RefObject, type SyntheticEvent } from 'react'
import { createPortal } from 'react-dom'

interface PopupProps {
  anchor: HTMLElement
  label: string
  testId: string
  onClose: (refocus: boolean) => void
  children: ReactNode
  role?: 'menu' | 'dialog'
  className?: string
}

/** Under the anchor, or above it when there is no room below; kept inside the window. */
function placeUnder(anchor: HTMLElement, el: HTMLElement): { left: number; top: number } {
  const a = anchor.getBoundingClientRect()
  const w = el.offsetWidth
  const h = el.offsetHeight
  let left = Math.min(a.left, window.innerWidth - w - 8)
  if (a.right - w > 8 && a.left + w > window.innerWidth - 8) left = a.right - w
  let top = a.bottom + 4
  if (top + h > window.innerHeight - 8) top = Math.max(8, a.top - h - 4)
  return { left: Math.max(8, left), top }
}

/** Arrow keys, Home and End move between a menu's enabled items (wrapping around). */
function moveInMenu(box: HTMLElement | null, e: ReactKeyboardEvent<HTMLDivElement>) {
  const items = [...(box?.querySelectorAll<HTMLElement>('[role=menuitem], [role=menuitemradio]') ?? [])].filter((x) => x.getAttribute('aria-disabled') !== 'true')
  const at = items.indexOf(document.activeElement as HTMLElement)
  const go = (i: number) => items[(i + items.length) % items.length]?.focus()
  if (e.key === 'ArrowDown') (e.preventDefault(), go(at + 1))
  else if (e.key === 'ArrowUp') (e.preventDefault(), go(at < 0 ? -1 : at - 1))
  else if (e.key === 'Home') (e.preventDefault(), go(0))
  else if (e.key === 'End') (e.preventDefault(), go(-1))
}

/** Focus the first item; a press outside (not on the anchor) or a window resize closes. */
function useFocusAndOutsideClose(box: RefObject<HTMLDivElement | null>, anchor: HTMLElement, close: RefObject<(refocus: boolean) => void>) {
  useEffect(() => {
    const first = box.current?.querySelector<HTMLElement>('[role=menuitem]:not([aria-disabled=true]), [role=menuitemradio], input, button')
    first?.focus()
    const onDown = (e: MouseEvent) => {
      const t = e.target as Node
      if (box.current?.contains(t) || anchor.contains(t)) return
      close.current(false)
    }
    const onResize = () => close.current(false)
    document.addEventListener('mousedown', onDown, true)
    window.addEventListener('resize', onResize)
    return () => {
      document.removeEventListener('mousedown', onDown, true)
      window.removeEventListener('resize', onResize)
    }
  }, [anchor, box, close])
}

/** A small popup under its anchor, in <body>: closes on Esc (focus goes back), Tab, or a press outside. */
export function Popup({ anchor, label, testId, onClose, children, role = 'menu', className }: PopupProps) {
  const box = useRef<HTMLDivElement>(null)
  const [pos, setPos] = useState<{ left: number; top: number } | null>(null)
  const close = useRef(onClose)
  close.current = onClose

  useLayoutEffect(() => {
    if (box.current) setPos(placeUnder(anchor, box.current))
  }, [anchor])
  useFocusAndOutsideClose(box, anchor, close)

  const onKeyDown = (e: ReactKeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape') {
      // handled here: the Esc must not also close the company panel underneath (App's handler)
      e.preventDefault()
      e.stopPropagation()
      close.current(true)
      return
    }
    if (e.key === 'Tab') {
      e.preventDefault()
      close.current(true)
      return
    }
    if (role === 'menu') moveInMenu(box.current, e)
  }

  // keys and clicks inside stay inside: the grid underneath must not see them
  const stop = (e: SyntheticEvent) => e.stopPropagation()
  return createPortal(
    <div
      ref={box}
      className={`wb-popup ${className ?? ''}`}
      role={role}
      aria-label={label}
      data-testid={testId}
      style={pos ? { left: pos.left, top: pos.top } : { left: -9999, top: -9999 }}
      onKeyDown={onKeyDown}
      onMouseDown={stop}
      onClick={stop}
    >
      {children}
    </div>,
    document.body,
  )
}

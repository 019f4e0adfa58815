/**
 * Content-Security-Policy for the renderer in both the desktop window and browser mode.
 * No remote origins at all: the workbench is offline by design, so anything remote is an attack.
 * 'unsafe-inline' for styles only, because AG Grid and lightweight-charts set inline styles.
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

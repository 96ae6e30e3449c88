/** The renderer's CSP: no remote content, no inline scripts, no eval; images only from the app itself. */
export function contentSecurityPolicy(transport: 'electron' | 'bridge'): string {
  const img = transport === 'electron' ? "img-src 'self' crisp: blob: data:" : "img-src 'self' blob: data:";
  const connect = transport === 'electron' ? "connect-src 'self' crisp:" : "connect-src 'self' ws://127.0.0.1:*";
  return [
    "default-src 'none'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", img, connect, "font-src 'self'",
    "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'", "object-src 'none'",
  ].join('; ');
}

/** The renderer's CSP: no remote content, no inline scripts, no eval; images only from the app itself. */
export function contentSecurityPolicy(transport: 'electron' | 'bridge'): string {
  const img = transport === 'electron' ? "img-src 'self' crisp: blob: data:" : "img-src 'self' blob: data:";
  const connect = transport === 'electron' ? "connect-src 'self' crisp:" : "connect-src 'self' ws://127.0.0.1:*";
  return [
    "default-src 'none'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", img, connect, "font-src 'self'",
    "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'", "object-src 'none'",
  ].join('; ');
}

/** The policy as a meta tag can carry it: browsers ignore (and warn about) frame-ancestors there; the header keeps it. */
export function metaPolicy(policy: string): string {
  return policy.split('; ').filter((d) => !d.startsWith('frame-ancestors')).join('; ');
}

/** The page with its CSP meta tag set to `policy`, so the tag and the response header say the same. */
export function withPolicyMeta(html: string, policy: string): string {
  return html.replace(/(<meta\s+http-equiv="Content-Security-Policy"\s+content=")[^"]*(")/i, (_m, head: string, tail: string) => `${head}${metaPolicy(policy)}${tail}`);
}

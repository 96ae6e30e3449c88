import type { CrispRequestError } from './crisp-client.ts';

/** An engine error as a sentence a photographer can act on; the code and channel stay out of sight. */
export function plainError(e: Pick<CrispRequestError, 'code' | 'message'>): string {
  if (e.code === 'TRANSPORT') return 'Lost the connection to Crisp’s engine. Reload the window; if it keeps happening, restart Crisp.';
  if (e.code === 'INVALID_REQUEST' || e.code === 'UNKNOWN_CHANNEL') return 'Crisp could not do that: the request was not understood. Please report this.';
  const text = e.message.trim().replace(/^[a-z]+:[a-zA-Z]+:\s*/, '');
  const sentence = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

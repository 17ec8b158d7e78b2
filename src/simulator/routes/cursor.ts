// Paging cursors, opaque to clients: base64url of the next offset. Anything else is 40058.
import { fail } from '../errors';

export function encodeCursor(offset: number): string {
  return Buffer.from(String(offset)).toString('base64url');
}

/** The offset a cursor stands for; 0 for an absent or empty cursor. */
export function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  const text = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!/^\d{1,15}$/.test(text)) fail(40058, 'invalid parameter: cursor');
  return Number(text);
}

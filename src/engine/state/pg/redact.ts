// Connection strings carry passwords, and they end up in error messages (ours, node-postgres',
// a user's pasted conn_str). Every message this module emits passes through redactPg.

const MASK = '***';
/** Literal secrets shorter than this would mask ordinary words; the patterns below still catch them. */
const MIN_LITERAL = 4;

/** `scheme://user:PASSWORD@` (greedy to the token's last `@`: an unencoded `@` in a password stays hidden). */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^\s]*@/gi;
/** `password=...` / `sslpassword = '...'` in key/value strings and URL query strings. */
const KEY_VALUE = /\b((?:ssl)?password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&]*)/gi;

/** Masks passwords in URL and key/value forms, plus each given secret (and its URL-encoded form) anywhere. */
export function redactPg(text: string, secrets: ReadonlyArray<string | undefined> = []): string {
  let out = text.replace(URL_USERINFO, `$1${MASK}@`).replace(KEY_VALUE, `$1${MASK}`);
  const literals = secrets.flatMap((s) => (s && s.length >= MIN_LITERAL ? [s, encodeURIComponent(s)] : []));
  for (const s of [...new Set(literals)].sort((a, b) => b.length - a.length)) out = out.split(s).join(MASK);
  return out;
}

// Finds strings that look like robot webhook keys, webhook URLs or credentials in a value tree
// (a synthesized resource, a message body). Robot keys are UUIDs (8-4-4-4-12); URLs carry them in
// `key=`; app secrets and tokens travel as `corpsecret=` / `access_token=`.

const KEY_LIKE = /[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}/i;
/** Cheap first test: the middle of a key; a regex starting with a class is tried at every offset. */
const KEY_MIDDLE = /-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-/i;
const URL_WITH_SECRET = /(webhook\/send|[?&](key|corpsecret|access_token)=)/i;

/** Why `s` looks like a secret, or undefined. */
export function secretKind(s: string): string | undefined {
  if (URL_WITH_SECRET.test(s)) return 'a webhook URL or credential in a query string';
  if (KEY_LIKE.test(s)) return 'a webhook key (UUID-shaped)';
  return undefined;
}

/** Shown instead of the secret: never print the value. */
export function redacted(s: string): string {
  return `<redacted ${s.length} chars>`;
}

export interface SecretHit {
  /** Attribute path, e.g. `resource.null_resource.x.provisioner[0].local-exec.environment.FOO`. */
  readonly path: string;
  readonly kind: string;
  readonly length: number;
}

/** Leaves stored encoded (e.g. base64 message bodies): scanned decoded too. */
export interface EncodedLeaves {
  /** Text present in the serialized value when such leaves may exist (a key name). */
  readonly marker: string;
  /** The decoded leaf at `path`, or undefined when that leaf is not encoded. */
  decode(path: string, s: string): string | undefined;
}

/** Every string leaf of `value` that looks like a secret. */
export function scanForSecrets(value: unknown, encoded?: EncodedLeaves): SecretHit[] {
  // One stringify and a few regex tests rule out almost every value; only a hit pays for the walk.
  const json = JSON.stringify(value) ?? '';
  const decode = encoded && json.includes(encoded.marker) ? (p: string, s: string) => encoded.decode(p, s) : undefined;
  if (!decode && !mayHoldKey(json) && !URL_WITH_SECRET.test(json)) return [];
  const out: SecretHit[] = [];
  const walk = (v: unknown, path: string): void => {
    // What JSON.stringify saw: values the L1 classes hand to cdktf pre-resolved serialize via toJSON.
    if (v && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') v = (v as { toJSON(): unknown }).toJSON();
    if (typeof v === 'string') {
      const kind = secretKind(v) ?? (decode && secretKindOf(decode(path, v)));
      if (kind) out.push({ path, kind, length: v.length });
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, `${path}[${i}]`));
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
    }
  };
  walk(value, '');
  return out;
}

function mayHoldKey(json: string): boolean {
  return json.includes('-') && KEY_MIDDLE.test(json) && KEY_LIKE.test(json);
}

function secretKindOf(s: string | undefined): string | undefined {
  const kind = s === undefined ? undefined : secretKind(s);
  return kind && `${kind}, encoded`;
}

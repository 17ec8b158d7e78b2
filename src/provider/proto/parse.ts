// A reader for the proto3 subset our .proto files use (messages, enums, nesting, repeated, map,
// oneof, services). Parsing our two small files takes about a millisecond, which is cheaper at
// start-up than loading a protobuf library, and keeps the .proto files the single source.

export type ScalarKind = 'string' | 'bytes' | 'bool' | 'int64' | 'int32' | 'uint64' | 'uint32' | 'double' | 'float';

export interface FieldDescriptor {
  readonly name: string;
  readonly number: number;
  /** Scalar kind, 'enum', or 'message' (then `typeName` is the fully qualified message name). */
  readonly kind: ScalarKind | 'enum' | 'message';
  readonly typeName?: string;
  readonly repeated: boolean;
  /** map<K, V>: encoded as repeated entries { key = 1; value = 2; }. */
  readonly map?: { readonly key: FieldDescriptor; readonly value: FieldDescriptor };
  /** Member of a oneof: encoded even when it holds the default value. */
  readonly oneof?: string;
}

export interface MessageDescriptor {
  readonly name: string;
  readonly fields: FieldDescriptor[];
  readonly byNumber: Map<number, FieldDescriptor>;
}

export interface MethodDescriptor {
  /** `/package.Service/Method` as gRPC puts it in `:path`. */
  readonly path: string;
  readonly name: string;
  readonly request: string;
  readonly response: string;
}

export interface ProtoSet {
  readonly messages: Map<string, MessageDescriptor>;
  readonly methods: Map<string, MethodDescriptor>;
}

const SCALARS = new Set(['string', 'bytes', 'bool', 'int64', 'int32', 'uint64', 'uint32', 'double', 'float']);

interface RawField { name: string; number: number; type: string; repeated: boolean; map?: { key: string; value: string }; oneof?: string; scope: string }

function tokenize(text: string): string[] {
  const stripped = text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ');
  return stripped.match(/"[^"]*"|[A-Za-z_][\w.]*|\d+|[{}()<>;=,[\]]/g) ?? [];
}

/** Parses one or more .proto texts into one set of descriptors. */
export function parseProtos(texts: string[]): ProtoSet {
  const rawMessages = new Map<string, RawField[]>();
  const enums = new Set<string>();
  const rawMethods: Array<{ path: string; name: string; req: string; res: string; scope: string }> = [];

  for (const text of texts) {
    const t = tokenize(text);
    let i = 0;
    let pkg = '';
    const next = () => t[i++];
    const expect = (s: string) => { if (t[i++] !== s) throw new Error(`proto: expected '${s}' near token ${i - 1} ('${t[i - 1]}')`); };
    const skipStatement = () => { while (i < t.length && t[i] !== ';') i++; i++; };
    const skipBlock = () => { let d = 0; do { const x = next(); if (x === '{') d++; else if (x === '}') d--; } while (d > 0 && i < t.length); };

    const parseEnum = (scope: string) => { enums.add(`${scope}.${next()}`); skipBlock(); };
    const parseField = (scope: string, fields: RawField[], oneof?: string) => {
      let repeated = false;
      let type = next();
      if (type === 'repeated') { repeated = true; type = next(); } else if (type === 'optional') type = next();
      let map: RawField['map'];
      if (type === 'map') { expect('<'); const key = next(); expect(','); const value = next(); expect('>'); map = { key, value }; repeated = true; }
      const name = next();
      expect('=');
      const number = Number(next());
      skipStatement(); // options such as [deprecated = true]
      fields.push({ name, number, type, repeated, map, oneof, scope });
    };
    const parseMessage = (scope: string) => {
      const full = `${scope}.${next()}`;
      const fields: RawField[] = [];
      rawMessages.set(full, fields);
      expect('{');
      while (t[i] !== '}') {
        const w = t[i];
        if (w === 'message') { i++; parseMessage(full); } else if (w === 'enum') { i++; parseEnum(full); } else if (w === 'oneof') {
          i++; const name = next(); expect('{');
          while (t[i] !== '}') parseField(full, fields, name);
          i++;
        } else if (w === 'reserved' || w === 'option') skipStatement(); else if (w === ';') i++; else parseField(full, fields);
      }
      i++;
    };
    const parseService = (scope: string) => {
      const svc = next();
      expect('{');
      while (t[i] !== '}') {
        if (t[i] !== 'rpc') { skipStatement(); continue; }
        i++;
        const name = next(); expect('('); const req = next(); expect(')'); expect('returns'); expect('('); const res = next(); expect(')');
        if (t[i] === '{') skipBlock(); else skipStatement();
        rawMethods.push({ path: `/${pkg ? pkg + '.' : ''}${svc}/${name}`, name, req, res, scope });
      }
      i++;
    };
    while (i < t.length) {
      const w = next();
      if (w === 'package') { pkg = next(); skipStatement(); } else if (w === 'message') parseMessage(pkg ? `.${pkg}` : '');
      else if (w === 'enum') parseEnum(pkg ? `.${pkg}` : '');
      else if (w === 'service') parseService(pkg ? `.${pkg}` : '');
      else skipStatement(); // syntax, import, option
    }
  }

  // Protobuf scoping: a name is looked up from the innermost enclosing scope outwards.
  const resolve = (name: string, scope: string): { kind: 'enum' | 'message'; full: string } => {
    if (name.startsWith('.')) return { kind: enums.has(name) ? 'enum' : 'message', full: name };
    for (let s = scope; ; s = s.slice(0, Math.max(0, s.lastIndexOf('.')))) {
      const full = `${s}.${name}`;
      if (rawMessages.has(full)) return { kind: 'message', full };
      if (enums.has(full)) return { kind: 'enum', full };
      if (!s) throw new Error(`proto: unknown type ${name} in ${scope}`);
    }
  };
  const field = (name: string, number: number, type: string, repeated: boolean, scope: string, oneof?: string): FieldDescriptor => {
    if (SCALARS.has(type)) return { name, number, kind: type as ScalarKind, repeated, oneof };
    const r = resolve(type, scope);
    return { name, number, kind: r.kind, typeName: r.kind === 'message' ? r.full.slice(1) : undefined, repeated, oneof };
  };
  const messages = new Map<string, MessageDescriptor>();
  for (const [full, raw] of rawMessages) {
    const fields = raw.map((f) => f.map
      ? { ...field(f.name, f.number, 'bytes', true, f.scope), kind: 'message' as const, map: { key: field('key', 1, f.map.key, false, f.scope), value: field('value', 2, f.map.value, false, f.scope) } }
      : field(f.name, f.number, f.type, f.repeated, f.scope, f.oneof));
    messages.set(full.slice(1), { name: full.slice(1), fields, byNumber: new Map(fields.map((f) => [f.number, f])) });
  }
  const methods = new Map<string, MethodDescriptor>();
  for (const m of rawMethods) {
    methods.set(m.path, { path: m.path, name: m.name, request: resolve(m.req, m.scope).full.slice(1), response: resolve(m.res, m.scope).full.slice(1) });
  }
  return { messages, methods };
}

// Terraform's DynamicValue.msgpack: cty values in MessagePack. An object is a map carrying every
// attribute of its type (nil where null), lists and sets are arrays, numbers are integers or
// float64 (or decimal strings when too large). An unknown value is extension type 0; Terraform
// also sends "refined" unknowns (type 12), so any extension decodes as UNKNOWN.
// Hand-written (~150 lines) because it is on every call and a library costs start-up time.
import { UNKNOWN } from '../engine/config/expressions';
import { AttributeSchema, AttributeType, isCollection, isNested, ObjectSchema } from '../schema';

export { UNKNOWN };

// ---- raw MessagePack ----

class Out {
  private buf = Buffer.allocUnsafe(256);
  len = 0;

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  byte(b: number): void { this.room(1); this.buf[this.len++] = b; }
  bytes(b: Buffer): void { this.room(b.length); b.copy(this.buf, this.len); this.len += b.length; }
  u16(n: number): void { this.room(2); this.buf.writeUInt16BE(n, this.len); this.len += 2; }
  u32(n: number): void { this.room(4); this.buf.writeUInt32BE(n, this.len); this.len += 4; }
  f64(n: number): void { this.room(8); this.buf.writeDoubleBE(n, this.len); this.len += 8; }
  i64(n: number): void { this.room(8); this.buf.writeBigInt64BE(BigInt(n), this.len); this.len += 8; }
  result(): Buffer { return Buffer.from(this.buf.subarray(0, this.len)); }
}

function writeNumber(o: Out, n: number): void {
  if (!Number.isInteger(n) || !Number.isSafeInteger(n)) { o.byte(0xcb); o.f64(n); return; }
  if (n >= 0 && n < 128) o.byte(n);
  else if (n < 0 && n >= -32) o.byte(0xe0 | (n + 32));
  else if (n >= 0 && n <= 0xffffffff) { o.byte(0xce); o.u32(n); } else { o.byte(0xd3); o.i64(n); }
}

function writeHeader(o: Out, small: number, n: number, fix: number, c16: number, c32: number): void {
  if (n < small) o.byte(fix | n);
  else if (n <= 0xffff) { o.byte(c16); o.u16(n); } else { o.byte(c32); o.u32(n); }
}

function writeString(o: Out, s: string): void {
  const b = Buffer.from(s, 'utf8');
  if (b.length < 32) o.byte(0xa0 | b.length);
  else if (b.length <= 0xff) { o.byte(0xd9); o.byte(b.length); } else if (b.length <= 0xffff) { o.byte(0xda); o.u16(b.length); } else { o.byte(0xdb); o.u32(b.length); }
  o.bytes(b);
}

/** Encodes plain JS data: null, booleans, numbers, strings, arrays, objects, and UNKNOWN. */
export function encodeRaw(value: unknown): Buffer {
  const o = new Out();
  const write = (v: unknown): void => {
    if (v === null || v === undefined) o.byte(0xc0);
    else if (v === UNKNOWN) { o.byte(0xd4); o.byte(0); o.byte(0); } // fixext1, type 0: cty's unknown
    else if (typeof v === 'boolean') o.byte(v ? 0xc3 : 0xc2);
    else if (typeof v === 'number') writeNumber(o, v);
    else if (typeof v === 'string') writeString(o, v);
    else if (Array.isArray(v)) { writeHeader(o, 16, v.length, 0x90, 0xdc, 0xdd); v.forEach(write); } else if (typeof v === 'object') {
      const keys = Object.keys(v).sort();
      writeHeader(o, 16, keys.length, 0x80, 0xde, 0xdf);
      for (const k of keys) { writeString(o, k); write((v as Record<string, unknown>)[k]); }
    } else throw new Error(`msgpack: cannot encode ${typeof v}`);
  };
  write(value);
  return o.result();
}

/** Decodes MessagePack into plain JS data; every extension value becomes UNKNOWN. */
export function decodeRaw(buf: Buffer): unknown {
  let p = 0;
  const str = (n: number) => { const s = buf.toString('utf8', p, p + n); p += n; return s; };
  const arr = (n: number) => { const a: unknown[] = []; for (let i = 0; i < n; i++) a.push(read()); return a; };
  const map = (n: number) => { const m: Record<string, unknown> = {}; for (let i = 0; i < n; i++) { const k = String(read()); m[k] = read(); } return m; };
  const ext = (n: number) => { p += 1 + n; return UNKNOWN; };
  const read = (): unknown => {
    if (p >= buf.length) throw new Error('msgpack: truncated value');
    const b = buf[p++];
    if (b < 0x80) return b;
    if (b >= 0xe0) return b - 0x100;
    if (b >= 0xa0 && b <= 0xbf) return str(b & 0x1f);
    if (b >= 0x90 && b <= 0x9f) return arr(b & 0x0f);
    if (b >= 0x80 && b <= 0x8f) return map(b & 0x0f);
    const at = p;
    switch (b) {
      case 0xc0: return null;
      case 0xc2: return false;
      case 0xc3: return true;
      case 0xc4: { const n = buf[p]; p += 1; const v = Buffer.from(buf.subarray(p, p + n)); p += n; return v; }
      case 0xc5: { const n = buf.readUInt16BE(at); p += 2; const v = Buffer.from(buf.subarray(p, p + n)); p += n; return v; }
      case 0xc6: { const n = buf.readUInt32BE(at); p += 4; const v = Buffer.from(buf.subarray(p, p + n)); p += n; return v; }
      case 0xc7: { const n = buf[p]; p += 1; return ext(n); }
      case 0xc8: { const n = buf.readUInt16BE(at); p += 2; return ext(n); }
      case 0xc9: { const n = buf.readUInt32BE(at); p += 4; return ext(n); }
      case 0xca: p += 4; return buf.readFloatBE(at);
      case 0xcb: p += 8; return buf.readDoubleBE(at);
      case 0xcc: p += 1; return buf[at];
      case 0xcd: p += 2; return buf.readUInt16BE(at);
      case 0xce: p += 4; return buf.readUInt32BE(at);
      case 0xcf: p += 8; return Number(buf.readBigUInt64BE(at));
      case 0xd0: p += 1; return buf.readInt8(at);
      case 0xd1: p += 2; return buf.readInt16BE(at);
      case 0xd2: p += 4; return buf.readInt32BE(at);
      case 0xd3: p += 8; return Number(buf.readBigInt64BE(at));
      case 0xd4: return ext(1);
      case 0xd5: return ext(2);
      case 0xd6: return ext(4);
      case 0xd7: return ext(8);
      case 0xd8: return ext(16);
      case 0xd9: { const n = buf[p]; p += 1; return str(n); }
      case 0xda: { const n = buf.readUInt16BE(at); p += 2; return str(n); }
      case 0xdb: { const n = buf.readUInt32BE(at); p += 4; return str(n); }
      case 0xdc: { const n = buf.readUInt16BE(at); p += 2; return arr(n); }
      case 0xdd: { const n = buf.readUInt32BE(at); p += 4; return arr(n); }
      case 0xde: { const n = buf.readUInt16BE(at); p += 2; return map(n); }
      case 0xdf: { const n = buf.readUInt32BE(at); p += 4; return map(n); }
      default: throw new Error(`msgpack: unsupported byte 0x${b.toString(16)}`);
    }
  };
  return read();
}

// ---- cty values of our schemas ----

/** A value shaped by an attribute type: coerced scalars, every nested attribute present. */
export function conform(t: AttributeType, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (v === UNKNOWN) return UNKNOWN;
  if (t === 'string') return typeof v === 'string' ? v : String(v);
  if (t === 'number') return typeof v === 'number' ? v : Number(v);
  if (t === 'bool') return typeof v === 'boolean' ? v : v === 'true' || v === true;
  if (isCollection(t)) return Array.isArray(v) ? v.map((x) => conform(t.element, x)) : v;
  if (isNested(t)) {
    if (t.nesting === 'list') return Array.isArray(v) ? v.map((x) => conformObject(t.attributes, x)) : v;
    return conformObject(t.attributes, v);
  }
  return v;
}

function conformObject(attrs: Readonly<Record<string, AttributeSchema>>, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (v === UNKNOWN || typeof v !== 'object') return v;
  const src = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, a] of Object.entries(attrs)) out[k] = conform(a.type, src[k]);
  return out;
}

/** Attrs (engine values) as a cty object of `schema`, or null (no object). */
export function encodeObject(schema: ObjectSchema, attrs: Record<string, unknown> | null | typeof UNKNOWN): Buffer {
  return encodeRaw(attrs === null || attrs === UNKNOWN ? attrs : conformObject(schema.attributes, attrs));
}

/** A cty object of `schema` as Attrs; null when the value is null. Extra keys are dropped. */
export function decodeObject(schema: ObjectSchema, buf: Buffer | undefined): Record<string, unknown> | null {
  if (!buf || buf.length === 0) return null;
  const v = decodeRaw(buf);
  if (v === null) return null;
  if (v === UNKNOWN) throw new Error(`${schema.name}: the whole object is unknown`);
  return conformObject(schema.attributes, v) as Record<string, unknown>;
}

// Protobuf binary encoding driven by the descriptors of parse.ts. Messages are plain objects
// keyed by the .proto field names; bytes are Buffers, 64-bit integers JS numbers (our values are
// small), enums numbers, maps plain objects. Unknown fields are skipped, as protobuf requires.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FieldDescriptor, MessageDescriptor, parseProtos, ProtoSet } from './parse';

export type Message = Record<string, unknown>;

let loaded: ProtoSet | undefined;

/** The descriptors of tfplugin6.proto and grpc_controller.proto, parsed on first use. */
export function protos(): ProtoSet {
  if (loaded) return loaded;
  // Compiled code runs from dist/src/provider/proto; the .proto files stay in src/ (shipped).
  const dirs = [__dirname, path.resolve(__dirname, '..', '..', '..', '..', 'src', 'provider', 'proto')];
  const dir = dirs.find((d) => fs.existsSync(path.join(d, 'tfplugin6.proto')));
  if (!dir) throw new Error(`tfplugin6.proto not found (looked in ${dirs.join(', ')})`);
  loaded = parseProtos(['tfplugin6.proto', 'grpc_controller.proto'].map((f) => fs.readFileSync(path.join(dir, f), 'utf8')));
  return loaded;
}

function messageType(name: string, set: ProtoSet): MessageDescriptor {
  const m = set.messages.get(name);
  if (!m) throw new Error(`proto: unknown message ${name}`);
  return m;
}

// ---- encoding ----

class Writer {
  private readonly parts: Buffer[] = [];
  private scratch: number[] = [];

  varint(n: number): void {
    if (n < 0) { this.bigVarint(BigInt.asUintN(64, BigInt(n))); return; }
    while (n > 0x7f) { this.scratch.push((n % 128) | 0x80); n = Math.floor(n / 128); }
    this.scratch.push(n);
  }

  private bigVarint(n: bigint): void {
    while (n > 0x7fn) { this.scratch.push(Number(n & 0x7fn) | 0x80); n >>= 7n; }
    this.scratch.push(Number(n));
  }

  bytes(b: Buffer): void {
    this.flushScratch();
    this.parts.push(b);
  }

  double(n: number): void {
    const b = Buffer.allocUnsafe(8);
    b.writeDoubleLE(n);
    this.bytes(b);
  }

  private flushScratch(): void {
    if (this.scratch.length) { this.parts.push(Buffer.from(this.scratch)); this.scratch = []; }
  }

  finish(): Buffer {
    this.flushScratch();
    return Buffer.concat(this.parts);
  }
}

const isDefault = (v: unknown) => v === '' || v === 0 || v === false || (Buffer.isBuffer(v) && v.length === 0);

function writeValue(w: Writer, f: FieldDescriptor, v: unknown, set: ProtoSet): void {
  switch (f.kind) {
    case 'string': { const b = Buffer.from(String(v), 'utf8'); w.varint((f.number << 3) | 2); w.varint(b.length); w.bytes(b); return; }
    case 'bytes': { const b = Buffer.isBuffer(v) ? v : Buffer.from(v as Uint8Array); w.varint((f.number << 3) | 2); w.varint(b.length); w.bytes(b); return; }
    case 'bool': w.varint(f.number << 3); w.varint(v ? 1 : 0); return;
    case 'double': w.varint((f.number << 3) | 1); w.double(Number(v)); return;
    case 'float': { w.varint((f.number << 3) | 5); const b = Buffer.allocUnsafe(4); b.writeFloatLE(Number(v)); w.bytes(b); return; }
    case 'message': {
      const b = encodeMessage(f.typeName!, v as Message, set);
      w.varint((f.number << 3) | 2); w.varint(b.length); w.bytes(b);
      return;
    }
    default: w.varint(f.number << 3); w.varint(Number(v)); // int32/int64/uint*/enum
  }
}

export function encodeMessage(type: string, msg: Message, set: ProtoSet = protos()): Buffer {
  const d = messageType(type, set);
  const w = new Writer();
  for (const f of d.fields) {
    const v = msg[f.name];
    if (v === undefined || v === null) continue;
    if (f.map) {
      for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
        const entry = new Writer();
        writeValue(entry, f.map.key, k, set);
        writeValue(entry, f.map.value, val, set);
        const b = entry.finish();
        w.varint((f.number << 3) | 2); w.varint(b.length); w.bytes(b);
      }
    } else if (f.repeated) {
      for (const item of v as unknown[]) writeValue(w, f, item, set);
    } else if (f.oneof || f.kind === 'message' || !isDefault(v)) {
      writeValue(w, f, v, set);
    }
  }
  return w.finish();
}

// ---- decoding ----

class Reader {
  pos = 0;
  constructor(readonly buf: Buffer, readonly end = buf.length) {}

  varint(): number {
    let result = 0;
    let mul = 1;
    for (;;) {
      if (this.pos >= this.end) throw new Error('proto: truncated varint');
      const b = this.buf[this.pos++];
      result += (b & 0x7f) * mul;
      if (b < 0x80) break;
      mul *= 128;
    }
    // Negative int64 values arrive as 10-byte two's complement varints.
    return result >= 2 ** 63 ? result - 2 ** 64 : result;
  }

  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.pos += this.varint();
    else if (wire === 5) this.pos += 4;
    else throw new Error(`proto: unsupported wire type ${wire}`);
  }
}

function readScalar(r: Reader, f: FieldDescriptor, wire: number): unknown {
  switch (f.kind) {
    case 'string': { const n = r.varint(); const s = r.buf.toString('utf8', r.pos, r.pos + n); r.pos += n; return s; }
    case 'bytes': { const n = r.varint(); const b = Buffer.from(r.buf.subarray(r.pos, r.pos + n)); r.pos += n; return b; }
    case 'bool': return r.varint() !== 0;
    case 'double': { const v = r.buf.readDoubleLE(r.pos); r.pos += 8; return v; }
    case 'float': { const v = r.buf.readFloatLE(r.pos); r.pos += 4; return v; }
    default:
      if (wire !== 0) throw new Error(`proto: field ${f.name} has wire type ${wire}`);
      return r.varint();
  }
}

function decodeFrom(d: MessageDescriptor, r: Reader, set: ProtoSet): Message {
  const out: Message = {};
  while (r.pos < r.end) {
    const tag = r.varint();
    const number = Math.floor(tag / 8);
    const wire = tag & 7;
    const f = d.byNumber.get(number);
    if (!f) { r.skip(wire); continue; }
    if (f.kind === 'message') {
      const len = r.varint();
      const sub = new Reader(r.buf, r.pos + len);
      sub.pos = r.pos;
      r.pos += len;
      if (f.map) {
        const entry: Message = {};
        while (sub.pos < sub.end) {
          const t = sub.varint();
          const ef = (t >> 3) === 1 ? f.map.key : (t >> 3) === 2 ? f.map.value : undefined;
          if (!ef) { sub.skip(t & 7); continue; }
          entry[ef.name] = ef.kind === 'message' ? decodeSub(ef.typeName!, sub, set) : readScalar(sub, ef, t & 7);
        }
        ((out[f.name] ??= {}) as Record<string, unknown>)[String(entry.key ?? '')] = entry.value;
        continue;
      }
      const value = decodeFrom(messageType(f.typeName!, set), sub, set);
      if (f.repeated) ((out[f.name] ??= []) as unknown[]).push(value); else out[f.name] = value;
      continue;
    }
    if (f.repeated && wire === 2 && f.kind !== 'string' && f.kind !== 'bytes') {
      const len = r.varint(); // packed numbers
      const end = r.pos + len;
      const list = (out[f.name] ??= []) as unknown[];
      while (r.pos < end) list.push(readScalar(r, f, f.kind === 'double' ? 1 : f.kind === 'float' ? 5 : 0));
      continue;
    }
    const v = readScalar(r, f, wire);
    if (f.repeated) ((out[f.name] ??= []) as unknown[]).push(v); else out[f.name] = v;
  }
  return out;
}

function decodeSub(type: string, r: Reader, set: ProtoSet): Message {
  const len = r.varint();
  const sub = new Reader(r.buf, r.pos + len);
  sub.pos = r.pos;
  r.pos += len;
  return decodeFrom(messageType(type, set), sub, set);
}

export function decodeMessage(type: string, buf: Buffer, set: ProtoSet = protos()): Message {
  return decodeFrom(messageType(type, set), new Reader(buf), set);
}

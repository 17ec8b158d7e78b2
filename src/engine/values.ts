// Values of blocks during a plan or apply, for resolving `${type.name.attr}` references.
import { DEFAULT_WORKSPACE, Reference, UNKNOWN, Unknown } from './config/expressions';
import type { Attrs } from './plan/model';

export class Values {
  private readonly byAddress = new Map<string, Attrs | Unknown>();

  set(address: string, attrs: Attrs | Unknown): void {
    this.byAddress.set(address, attrs);
  }

  get(address: string): Attrs | Unknown | undefined {
    return this.byAddress.get(address);
  }

  lookup = (ref: Reference): unknown => {
    if (ref.address === 'terraform' && ref.attribute === 'workspace') return DEFAULT_WORKSPACE;
    const attrs = this.byAddress.get(ref.address);
    if (attrs === undefined || attrs === UNKNOWN) return UNKNOWN;
    let v = attrs[ref.attribute];
    if (v === UNKNOWN) return UNKNOWN;
    if (ref.index !== undefined && v !== null && v !== undefined) {
      v = Array.isArray(v) && typeof ref.index === 'number' ? v[ref.index] : (v as Record<string, unknown>)[String(ref.index)];
    }
    return v === undefined ? null : v;
  };
}

/** Splits a value map into JSON-safe attributes and the set of unknown keys. */
export function splitUnknown(attrs: Attrs): { known: Attrs; unknown: Set<string> } {
  const known: Attrs = {};
  const unknown = new Set<string>();
  for (const [k, v] of Object.entries(attrs)) {
    if (v === UNKNOWN || hasUnknown(v)) { unknown.add(k); known[k] = null; } else known[k] = v;
  }
  return { known, unknown };
}

function hasUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(hasUnknown);
  if (v && typeof v === 'object') return Object.values(v).some(hasUnknown);
  return false;
}

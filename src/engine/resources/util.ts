// Small helpers shared by the handlers: userid sets compare case-insensitively (WeCom's rule).

export function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x) => typeof x === 'string') : [];
}

export function lowerSet(xs: Iterable<string>): Set<string> {
  return new Set([...xs].map((x) => x.toLowerCase()));
}

/** Union keeping the first spelling of each userid. */
export function unionCI(...lists: string[][]): string[] {
  const seen = new Map<string, string>();
  for (const list of lists) for (const u of list) if (!seen.has(u.toLowerCase())) seen.set(u.toLowerCase(), u);
  return [...seen.values()];
}

export function numbers(v: unknown): number[] {
  return Array.isArray(v) ? v.map(Number).filter((n) => Number.isFinite(n)) : [];
}

// Records each finished operation in the state file at once (atomic write per operation), so
// a crash or kill loses at most the operation in flight, which the re-run's refresh recovers.
import { PROVIDER_ADDRESS } from '../../schema';
import type { Attrs } from '../plan/model';
import { writeState } from './file';
import { StateResource, TerraformState } from './format';

export function providerFor(type: string): string {
  return type.startsWith('null_') ? 'provider["registry.terraform.io/hashicorp/null"]' : `provider["${PROVIDER_ADDRESS}"]`;
}

export class StateWriter {
  constructor(private readonly file: string, private current: TerraformState) {}

  get state(): TerraformState {
    return this.current;
  }

  /** Sets (or with null removes) one resource's instance and writes the file. */
  record(mode: 'managed' | 'data', type: string, name: string, attrs: Attrs | null, opts: { dependencies?: string[]; tainted?: boolean; schemaVersion?: number } = {}): void {
    const rest = this.current.resources.filter((r) => !(r.mode === mode && r.type === type && r.name === name));
    const resources: StateResource[] = attrs === null ? rest : [...rest, {
      mode, type, name, provider: providerFor(type),
      instances: [{
        schema_version: opts.schemaVersion ?? 0,
        attributes: attrs,
        sensitive_attributes: [],
        ...(opts.dependencies?.length ? { dependencies: opts.dependencies } : {}),
        ...(opts.tainted ? { status: 'tainted' as const } : {}),
      }],
    }];
    resources.sort((a, b) => (a.mode + a.type + a.name).localeCompare(b.mode + b.type + b.name));
    this.current = writeState(this.file, { ...this.current, resources });
  }
}

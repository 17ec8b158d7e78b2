// `show`: the state for people, and as `terraform show -json` prints a state (values.root_module).
import type { TerraformState } from '../engine/state';
import { providerAddress } from '../engine/state/writer';
import { RESOURCE_SCHEMAS } from '../schema';

export function stateToJson(state: TerraformState | undefined): Record<string, unknown> {
  return {
    format_version: '1.0',
    terraform_version: state?.terraform_version ?? '1.11.4',
    ...(state ? {
      values: {
        root_module: {
          resources: state.resources.flatMap((r) => r.instances.map((inst) => ({
            address: r.mode === 'data' ? `data.${r.type}.${r.name}` : `${r.type}.${r.name}`,
            mode: r.mode, type: r.type, name: r.name,
            provider_name: providerAddress(r.type),
            schema_version: inst.schema_version,
            values: inst.attributes,
            sensitive_values: {},
            ...(inst.status === 'tainted' ? { tainted: true } : {}),
          }))),
        },
      },
    } : {}),
  };
}

export function renderStateText(state: TerraformState | undefined): string {
  if (!state || !state.resources.length) return 'The state is empty: nothing is managed yet.\n';
  const lines: string[] = [`# state serial ${state.serial}, lineage ${state.lineage}`, ''];
  for (const r of state.resources) {
    for (const inst of r.instances) {
      const addr = r.mode === 'data' ? `data.${r.type}.${r.name}` : `${r.type}.${r.name}`;
      lines.push(`# ${addr}:${inst.status === 'tainted' ? ' (tainted)' : ''}`);
      lines.push(`${r.mode === 'data' ? 'data' : 'resource'} "${r.type}" "${r.name}" {`);
      const keys = Object.keys(inst.attributes).sort();
      const width = Math.max(0, ...keys.map((k) => k.length));
      const schema = r.mode === 'managed' ? RESOURCE_SCHEMAS[r.type] : undefined;
      for (const k of keys) {
        const sameAs = inst.attributes[k] === null ? schema?.attributes[k]?.sameAs : undefined;
        lines.push(`    ${k.padEnd(width)} = ${JSON.stringify(inst.attributes[k])}${sameAs ? `  # the same as ${sameAs}` : ''}`);
      }
      lines.push('}', '');
    }
  }
  return lines.join('\n');
}

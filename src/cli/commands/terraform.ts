// `cdktf-wecom terraform setup [--dir D] [--mirror]`: writes the Terraform CLI configuration that
// loads terraform-provider-wecom from this package and prints what to export.
import type { Command } from 'commander';
import * as path from 'node:path';
import { writeDevOverrides, writeMirror } from '../../provider/install';
import { PROVIDER_SOURCE } from '../../schema';
import { action, out } from '../context';

export function registerTerraform(program: Command): void {
  const tf = program.command('terraform').description('Run cdktf-wecom stacks with the Terraform CLI (see docs/terraform.md)');
  tf.command('setup')
    .description('Write a Terraform CLI config that loads terraform-provider-wecom locally, and print the variables to export')
    .option('--dir <dir>', 'where to write wecom.tfrc (and the mirror)', '.cdktf-wecom')
    .option('--mirror', 'install through a filesystem mirror (`terraform init` works, lock file recorded) instead of dev_overrides')
    .action(action(async (flags: { dir: string; mirror?: boolean }) => {
      const r = flags.mirror ? writeMirror(path.resolve(flags.dir)) : writeDevOverrides(path.resolve(flags.dir));
      const how = flags.mirror ? 'installed from the mirror' : 'run from this package (dev_overrides)';
      out(`# Wrote ${r.configFile}: ${PROVIDER_SOURCE} is ${how}.`);
      out('# Export these, then run `terraform init` once in each stack directory (cdktf.out/stacks/<stack>; no registry needed, except hashicorp/null for stacks with robot announcements), or use cdktf diff / deploy:');
      for (const [k, v] of Object.entries(r.env)) out(`export ${k}=${JSON.stringify(v)}`);
    }));
}

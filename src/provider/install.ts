// Making Terraform find terraform-provider-wecom without a registry: either a CLI configuration
// with dev_overrides pointing at the package's bin/ (no `terraform init`; Terraform warns that
// overrides are in effect), or a filesystem mirror in the unpacked layout that `terraform init`
// installs from and records in .terraform.lock.hcl, for real use.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot, packageVersion } from '../package-root';
import { PROVIDER_SOURCE } from '../schema';

export const PROVIDER_HOST = 'registry.terraform.io';
export const EXECUTABLE = 'terraform-provider-wecom';

export interface SetupResult {
  /** The CLI configuration written (export TF_CLI_CONFIG_FILE=it). */
  configFile: string;
  /** Environment variables to export. */
  env: Record<string, string>;
  /** Present for a mirror: the directory holding the unpacked provider package. */
  mirrorDir?: string;
}

export function binDir(): string {
  return path.join(packageRoot(), 'bin');
}

/** Terraform's platform name for this machine, e.g. linux_amd64, darwin_arm64. */
export function terraformPlatform(): string {
  const arch: Record<string, string> = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' };
  return `${process.platform === 'win32' ? 'windows' : process.platform}_${arch[process.arch] ?? process.arch}`;
}

const hcl = (s: string) => JSON.stringify(s); // an HCL string literal is a JSON string literal here

/**
 * dev_overrides: Terraform runs bin/terraform-provider-wecom directly. cdktf stacks carry a
 * backend block, which `terraform init` must record; init also resolves every provider, so the
 * config lists a filesystem mirror of this package too and init succeeds without a registry.
 */
export function writeDevOverrides(dir: string): SetupResult {
  const root = path.resolve(dir);
  const mirrorDir = populateMirror(root);
  const configFile = path.join(root, 'wecom.tfrc');
  fs.writeFileSync(configFile, `# Written by \`cdktf-wecom terraform setup\`: run ${PROVIDER_SOURCE} from this package, no registry.
provider_installation {
  dev_overrides {
    ${hcl(PROVIDER_SOURCE)} = ${hcl(binDir())}
  }
${mirrorBlocks(mirrorDir)}}
`);
  return { configFile, env: setupEnv(configFile, mirrorDir), mirrorDir };
}

/**
 * What to export. `terraform providers lock` ignores the CLI configuration's installation
 * methods and asks the registry unless given -fs-mirror; cdktf-cli runs it (for linux_amd64)
 * whenever a stack has no lock file yet, so it is pointed at the mirror through Terraform's
 * per-command TF_CLI_ARGS_<command> variable.
 */
function setupEnv(configFile: string, mirrorDir: string): Record<string, string> {
  // Terraform splits TF_CLI_ARGS_* like a shell: quote a path that needs it.
  const arg = /^[\w@%+=:,./-]+$/.test(mirrorDir) ? mirrorDir : `'${mirrorDir.replace(/'/g, `'\\''`)}'`;
  return { TF_CLI_CONFIG_FILE: configFile, CHECKPOINT_DISABLE: '1', TF_CLI_ARGS_providers_lock: `-fs-mirror=${arg}` };
}

function mirrorBlocks(mirrorDir: string): string {
  const address = hcl(`${PROVIDER_HOST}/${PROVIDER_SOURCE}`);
  return `  filesystem_mirror {
    path    = ${hcl(mirrorDir)}
    include = [${address}]
  }
  direct {
    exclude = [${address}]
  }
`;
}

/**
 * <dir>/mirror/registry.terraform.io/cdktf-wecom/wecom/<version>/<platform>/terraform-provider-wecom_v<version>
 * for this machine's platform and linux_amd64, the platform cdktf-cli always locks (the launcher
 * is the same shell script on every Unix).
 */
function populateMirror(root: string): string {
  const version = packageVersion();
  const mirrorDir = path.join(root, 'mirror');
  for (const platform of new Set([terraformPlatform(), 'linux_amd64'])) {
    const pkgDir = path.join(mirrorDir, PROVIDER_HOST, PROVIDER_SOURCE, version, platform);
    fs.mkdirSync(pkgDir, { recursive: true });
    // A launcher, not a copy: the provider runs from the installed package (its dist/ and node_modules/).
    fs.writeFileSync(path.join(pkgDir, `${EXECUTABLE}_v${version}`), `#!/bin/sh\nexec node ${JSON.stringify(path.join(binDir(), EXECUTABLE))} "$@"\n`, { mode: 0o755 });
  }
  return mirrorDir;
}

/** A filesystem mirror only: `terraform init` installs the provider and records it in .terraform.lock.hcl. */
export function writeMirror(dir: string): SetupResult {
  const root = path.resolve(dir);
  const mirrorDir = populateMirror(root);
  const configFile = path.join(root, 'wecom.tfrc');
  fs.writeFileSync(configFile, `# Written by \`cdktf-wecom terraform setup --mirror\`: \`terraform init\` installs ${PROVIDER_SOURCE} ${packageVersion()} from the mirror.
provider_installation {
${mirrorBlocks(mirrorDir)}}
`);
  return { configFile, env: setupEnv(configFile, mirrorDir), mirrorDir };
}

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { binDir, EXECUTABLE, terraformPlatform, writeDevOverrides, writeMirror } from '../../src/provider/install';

describe('cdktf-wecom terraform setup', () => {
  const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'wecom-setup-'));

  test('writeDevOverrides(dir): dev_overrides at bin/ (which holds the executable), a mirror for init, the variables to export', () => {
    const r = writeDevOverrides(dir());
    const text = fs.readFileSync(r.configFile, 'utf8');
    expect(text).toContain(`"cdktf-wecom/wecom" = ${JSON.stringify(binDir())}`);
    expect(text).toContain('filesystem_mirror');
    expect(fs.statSync(path.join(binDir(), EXECUTABLE)).mode & 0o111).toBeTruthy();
    // `terraform providers lock` (which cdktf-cli runs) reaches the mirror only through -fs-mirror.
    expect(r.env).toEqual({ TF_CLI_CONFIG_FILE: r.configFile, CHECKPOINT_DISABLE: '1', TF_CLI_ARGS_providers_lock: `-fs-mirror=${r.mirrorDir}` });
  });

  test('writeMirror(dir): the unpacked layout Terraform installs from, with an executable launcher', () => {
    const r = writeMirror(dir());
    const version = JSON.parse(fs.readFileSync(path.join(binDir(), '..', 'package.json'), 'utf8')).version;
    // This platform's, and linux_amd64's, which cdktf-cli always locks.
    for (const platform of [terraformPlatform(), 'linux_amd64']) {
      const launcher = path.join(r.mirrorDir!, 'registry.terraform.io', 'cdktf-wecom', 'wecom', version, platform, `${EXECUTABLE}_v${version}`);
      expect(fs.statSync(launcher).mode & 0o111).toBeTruthy();
    }
    expect(fs.readFileSync(r.configFile, 'utf8')).not.toContain('dev_overrides');
    expect(r.env.TF_CLI_ARGS_providers_lock).toBe(`-fs-mirror=${r.mirrorDir}`);
  });

  test('a mirror path with spaces or quotes is quoted for Terraform\'s shell-like TF_CLI_ARGS splitting', () => {
    const r = writeMirror(path.join(dir(), "my team's dir"));
    expect(r.env.TF_CLI_ARGS_providers_lock).toBe(`-fs-mirror='${r.mirrorDir!.replace("'", "'\\''")}'`);
  });
});

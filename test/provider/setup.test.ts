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
    expect(r.env).toEqual({ TF_CLI_CONFIG_FILE: r.configFile, CHECKPOINT_DISABLE: '1' });
  });

  test('writeMirror(dir): the unpacked layout Terraform installs from, with an executable launcher', () => {
    const r = writeMirror(dir());
    const version = JSON.parse(fs.readFileSync(path.join(binDir(), '..', 'package.json'), 'utf8')).version;
    const launcher = path.join(r.mirrorDir!, 'registry.terraform.io', 'cdktf-wecom', 'wecom', version, terraformPlatform(), `${EXECUTABLE}_v${version}`);
    expect(fs.statSync(launcher).mode & 0o111).toBeTruthy();
    expect(fs.readFileSync(r.configFile, 'utf8')).not.toContain('dev_overrides');
  });
});

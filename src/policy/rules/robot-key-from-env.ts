// WECOM-BASE-004: robot webhook keys come only from environment variables: every GroupRobot
// names its key's env var, and no synthesized attribute (of any resource, data source, provider,
// output or local) holds a string that looks like a webhook key, webhook URL or credential.

import { IConstruct } from 'constructs';
import { TerraformElement } from '../../cdktf';
import { GroupRobot, MESSAGE_ENV } from '../../constructs/group-robot';
import { withoutPreResolve } from '../../constructs/pre-resolved';
import { CheckResult, Rule, RuleLevel, RuleOptions } from '../rule';
import { EncodedLeaves, scanForSecrets } from './secret-scan';

export class RobotKeyFromEnvRule implements Rule {
  public readonly id = 'WECOM-BASE-004';
  public readonly level: RuleLevel;
  public readonly name = 'Robot keys from environment';
  public readonly info = 'Robot webhook keys come only from environment variables; no key-like literal appears in the synthesized configuration.';
  public readonly explanation = 'Whoever holds a webhook key can post to the chat, and cdk.tf.json and Terraform state are '
    + 'committed, shared and logged. GroupRobot takes the NAME of the env var (`webhookKeyEnv`); this rule also scans every '
    + 'synthesized attribute (announcement bodies decoded) for UUID-shaped keys and URLs with `key=`, `corpsecret=` or '
    + '`access_token=`. Values are never printed, only their attribute path and length.';

  public constructor(options: RuleOptions = {}) {
    this.level = options.level ?? 'error';
  }

  public check(node: IConstruct): CheckResult {
    if (node instanceof GroupRobot) {
      return node.webhookKeyEnv ? 'compliant' : [{ detail: 'webhookKeyEnv is empty; name the env var that holds the key' }];
    }
    if (!TerraformElement.isTerraformElement(node)) return 'not-applicable';
    // Unresolved, as written; the L1 classes' pre-resolution (for cdktf's passes) is not needed here.
    const hits = scanForSecrets(withoutPreResolve(() => node.toTerraform()), ENCODED_MESSAGES);
    return hits.map((h) => ({ detail: `attribute ${h.path} holds ${h.kind} (${h.length} chars, redacted); pass it through an env var` }));
  }
}

/** Announcement bodies travel base64-encoded in the provisioner environment: scan them decoded. */
const ENCODED_MESSAGES: EncodedLeaves = {
  marker: MESSAGE_ENV,
  decode: (path, s) => (path.endsWith(`.environment.${MESSAGE_ENV}`) ? Buffer.from(s, 'base64').toString('utf8') : undefined),
};

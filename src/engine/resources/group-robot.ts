// wecom_group_robot handler (webhook/*, wecom-api.md §4). WeCom has no API to create, read or
// delete robots: a person adds one in the client. The resource records that it exists and
// names the env var that holds its webhook key; apply only checks that the variable is set,
// so a missing key fails the apply instead of a later announcement. The key never enters
// state, plans or error messages.
import { groupRobotSchema } from '../../schema';
import { Attrs, HandlerContext, PlanError, ResourceHandler } from './types';

export const groupRobotHandler: ResourceHandler = {
  type: 'wecom_group_robot',
  schema: groupRobotSchema,

  async plan(_ctx, { config }) {
    // The id is the env var's name: stable, not secret, and what `import` is given.
    return { after: { ...config, chat_id: config.chat_id ?? null, name: config.name ?? null, id: config.webhook_key_env } };
  },

  async read(_ctx, prior) {
    return prior;
  },

  async create(ctx, planned) {
    requireKey(ctx, planned);
    return { ...planned, id: planned.webhook_key_env };
  },

  async update(ctx, _prior, planned) {
    requireKey(ctx, planned);
    return { ...planned, id: planned.webhook_key_env };
  },

  async delete() {
    // Nothing to call: only a person can remove a robot from its chat.
  },

  async import(_ctx, id) {
    return { id, webhook_key_env: id, chat_id: null, name: null };
  },

  forgetsOnDestroy: () => true,
  destroyNote: () => 'forget: the robot stays in its chat (WeCom has no API to remove robots); remove it in the WeCom client if it should go',
};

function requireKey(ctx: HandlerContext, planned: Attrs): void {
  const name = String(planned.webhook_key_env);
  if (!ctx.env[name]?.trim()) {
    throw new PlanError(ctx.address, 'webhook_key_env', `environment variable ${name} is not set; it must hold the robot's webhook key at apply time`);
  }
}

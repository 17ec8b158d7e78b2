// data wecom_customer_groups (externalcontact/groupchat/list and get, wecom-api.md §6): every
// page of the list, then one get per group for its name and owner (list answers only ids and
// status). Unknown owners are an error: WeCom would silently answer no groups for them.
import { customerGroupsDataSchema } from '../../schema';
import type { GroupChatListRequest } from '../../wecom/types';
import { DataSourceHandler, HandlerContext, PlanError } from './types';
import { isApiError, strings } from './util';

export const customerGroupsDataHandler: DataSourceHandler = {
  type: 'wecom_customer_groups',
  schema: customerGroupsDataSchema,

  async read(ctx, config) {
    const owners = strings(config.owners);
    const status = Number(config.status ?? 0) as 0 | 1 | 2 | 3;
    await checkOwners(ctx, owners);
    const filter: Omit<GroupChatListRequest, 'cursor' | 'limit'> = { status_filter: status, ...(owners.length ? { owner_filter: { userid_list: owners } } : {}) };
    const found: Array<{ chat_id: string; status: number }> = [];
    for await (const g of ctx.client.customerGroups.listAll(filter)) found.push(g);
    const details = await Promise.all(found.map(async (g) => {
      try {
        return await ctx.client.customerGroups.get(g.chat_id);
      } catch (err) {
        if (isApiError(err, [40050])) return undefined; // dissolved between list and get
        throw err;
      }
    }));
    const groups = found.flatMap((g, i) => {
      const d = details[i];
      return d ? [{ chat_id: g.chat_id, name: d.name, owner: d.owner, status: g.status }] : [];
    });
    const ownerKey = [...new Set(owners.map((o) => o.toLowerCase()))].sort().join(',');
    return {
      id: `status=${status};owners=${ownerKey}`,
      owners: config.owners ?? null,
      status,
      chat_ids: groups.map((g) => g.chat_id),
      groups,
    };
  },
};

async function checkOwners(ctx: HandlerContext, owners: string[]): Promise<void> {
  if (!owners.length) return;
  const checked = await ctx.directory.checkUsers(owners);
  const unknown = owners.filter((u) => !checked.get(u.toLowerCase()));
  if (unknown.length) throw new PlanError(ctx.address, 'owners', `userid ${unknown.join(', ')} not found in the directory`);
}

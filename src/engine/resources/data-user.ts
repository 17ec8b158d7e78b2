// data wecom_user (user/get, wecom-api.md §7): a member by userid, with status so stacks and
// policies can tell people who left (5) or are disabled (2) from active ones.
import { userDataSchema } from '../../schema';
import type { User } from '../../wecom/types';
import { DataSourceHandler, PlanError } from './types';
import { isApiError } from './util';

/** 60111 userid not found, 46004 user does not exist. */
const NOT_FOUND = [60111, 46004];

export const userDataHandler: DataSourceHandler = {
  type: 'wecom_user',
  schema: userDataSchema,

  async read(ctx, config) {
    const userid = String(config.userid);
    let user: User;
    try {
      user = await ctx.client.users.get(userid);
    } catch (err) {
      if (isApiError(err, NOT_FOUND)) throw new PlanError(ctx.address, 'userid', `userid '${userid}' not found in the directory (${err.errcode})`);
      throw err;
    }
    // userid stays as configured (userids compare case-insensitively); id is WeCom's spelling.
    return { id: user.userid, userid, name: user.name, status: user.status, departments: [...(user.department ?? [])] };
  },
};

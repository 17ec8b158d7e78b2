// gettoken: corpid + app secret -> access token (rate limited per secret per minute).
import { ENDPOINTS } from '../../wecom';
import { fail } from '../errors';
import { fingerprint } from '../redact';
import type { Route } from './route';

export const tokenRoutes: Route[] = [
  {
    endpoint: ENDPOINTS.getToken,
    handle(ctx) {
      const { sim } = ctx;
      const corpid = ctx.query.get('corpid');
      const secret = ctx.query.get('corpsecret');
      if (!corpid) fail(41002);
      if (!secret) fail(41004);
      if (corpid !== sim.state.corp.id) fail(40013);
      const agent = sim.store.agentBySecret(secret);
      if (!agent) fail(40001);
      sim.limiter.take(`token:${fingerprint(secret)}`, sim.limits.tokenPerMinute, 'minute', sim.now());
      const { token, expiresIn } = sim.tokens.issue(agent.agentid, sim.now());
      return { access_token: token, expires_in: expiresIn };
    },
  },
];

// Every route, keyed by API path; the check below keeps the table and ENDPOINTS in step.
import { ENDPOINTS } from '../../wecom';
import { appChatRoutes } from './appchat';
import { customerGroupRoutes } from './customer-groups';
import { directoryRoutes } from './directory';
import { interceptRuleRoutes } from './intercept-rules';
import { joinWayRoutes } from './join-ways';
import type { Route } from './route';
import { tagRoutes } from './tags';
import { tokenRoutes } from './token';
import { webhookRoutes } from './webhook';
import { welcomeTemplateRoutes } from './welcome-templates';

const ALL: Route[] = [
  ...tokenRoutes, ...appChatRoutes, ...webhookRoutes, ...interceptRuleRoutes, ...customerGroupRoutes,
  ...joinWayRoutes, ...welcomeTemplateRoutes, ...directoryRoutes, ...tagRoutes,
];

export const ROUTES: ReadonlyMap<string, Route> = new Map(ALL.map((r) => [r.endpoint.path, r]));

const missing = Object.values(ENDPOINTS).filter((e) => !ROUTES.has(e.path)).map((e) => e.path);
if (missing.length > 0) throw new Error(`simulator: no route for ${missing.join(', ')}`);

// Registry of resource and data source handlers, by Terraform type name.
import { appChatHandler } from './app-chat';
import { customerGroupsDataHandler } from './data-customer-groups';
import { departmentDataHandler } from './data-department';
import { userDataHandler } from './data-user';
import { groupRobotHandler } from './group-robot';
import { interceptRuleHandler } from './intercept-rule';
import { joinWayHandler } from './join-way';
import { nullResourceHandler } from './null-resource';
import { inStoredForm } from './stored-form';
import { REMOTE_STATE_TYPE, remoteStateHandler } from './remote-state';
import { tagHandler } from './tag';
import { welcomeTemplateHandler } from './welcome-template';
import type { DataSourceHandler, ResourceHandler } from './types';

export * from './types';

// Wrapped so every answer is in the form state stores (stored-form.ts).
const RESOURCES: ResourceHandler[] = [
  appChatHandler, nullResourceHandler, interceptRuleHandler, joinWayHandler, welcomeTemplateHandler, tagHandler, groupRobotHandler,
].map(inStoredForm);
const DATA_SOURCES: DataSourceHandler[] = [departmentDataHandler, userDataHandler, customerGroupsDataHandler];

export const RESOURCE_HANDLERS: ReadonlyMap<string, ResourceHandler> = new Map(RESOURCES.map((h) => [h.type, h]));
export const DATA_SOURCE_HANDLERS: ReadonlyMap<string, DataSourceHandler> = new Map(DATA_SOURCES.map((h) => [h.type, h]));

export function resourceHandler(type: string): ResourceHandler | undefined {
  return RESOURCE_HANDLERS.get(type);
}

/** Ours, plus Terraform's built-in terraform_remote_state (cross-stack references). */
export function dataSourceHandler(type: string): DataSourceHandler | undefined {
  return type === REMOTE_STATE_TYPE ? remoteStateHandler : DATA_SOURCE_HANDLERS.get(type);
}

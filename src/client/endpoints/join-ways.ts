// Customer group join ways, 群活码 (externalcontact/groupchat/*_join_way, wecom-api.md §6).
// add is not idempotent and not checkable (an app can only read join ways by config_id):
// WECOM_OUTCOME_UNKNOWN after a lost answer. update is a FULL overwrite, so repeating it is safe.

import { ENDPOINTS } from '../../wecom/endpoints';
import { LIMITS } from '../../wecom/limits';
import { JoinWay, JoinWayAddResponse, JoinWayConfig, JoinWayGetResponse, WecomEnvelope } from '../../wecom/types';
import { Caller } from '../caller';
import { Check } from '../validate';
import { deleteTolerant } from './shared';

/** WeCom documents no dedicated errcode for a missing config_id; it answers "invalid parameter". */
const NOT_FOUND = [40058];

export class JoinWays {
  constructor(private readonly c: Caller) {}

  async add(config: JoinWayConfig): Promise<string> {
    validate(ENDPOINTS.joinWayAdd.path, config);
    const r = await this.c.call<JoinWayAddResponse>(ENDPOINTS.joinWayAdd, { json: config });
    return r.data.config_id;
  }

  async get(configId: string): Promise<JoinWay> {
    new Check(ENDPOINTS.joinWayGet.path).nonEmpty('config_id', configId);
    const r = await this.c.call<JoinWayGetResponse>(ENDPOINTS.joinWayGet, { json: { config_id: configId } });
    return r.data.join_way;
  }

  /** Full overwrite: scene and chat_id_list are required, omitted optional fields are reset. */
  async update(configId: string, config: JoinWayConfig): Promise<void> {
    new Check(ENDPOINTS.joinWayUpdate.path).nonEmpty('config_id', configId);
    validate(ENDPOINTS.joinWayUpdate.path, config);
    await this.c.call<WecomEnvelope>(ENDPOINTS.joinWayUpdate, { json: { ...config, config_id: configId } });
  }

  async delete(configId: string): Promise<void> {
    new Check(ENDPOINTS.joinWayDelete.path).nonEmpty('config_id', configId);
    await deleteTolerant(() => this.c.call(ENDPOINTS.joinWayDelete, { json: { config_id: configId } }), NOT_FOUND);
  }
}

function validate(path: string, j: JoinWayConfig): void {
  new Check(path).oneOf('scene', j.scene, [1, 2] as const)
    .count('chat_id_list', j.chat_id_list, 1, LIMITS.JOIN_WAY_CHATS_MAX)
    .chars('remark', j.remark, 0, LIMITS.JOIN_WAY_REMARK_MAX)
    .chars('state', j.state, 0, LIMITS.JOIN_WAY_STATE_MAX)
    .chars('room_base_name', j.room_base_name, 0, LIMITS.JOIN_WAY_ROOM_BASE_NAME_MAX)
    .oneOf('auto_create_room', j.auto_create_room, [0, 1] as const);
}

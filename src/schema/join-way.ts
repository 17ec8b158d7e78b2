// wecom_join_way: a customer group join way (群活码, externalcontact/groupchat/*_join_way, §6).
// update_join_way is a full overwrite, so every attribute but scene updates in place.

import { LIMITS } from '../wecom/limits';
import { ID_ATTRIBUTE, ResourceSchema, listOf } from './types';

/** scene values: 1 mini-program, 2 QR code. */
export const JOIN_WAY_SCENES = { miniprogram: 1, qrcode: 2 } as const;

export const joinWaySchema: ResourceSchema = {
  kind: 'resource',
  name: 'wecom_join_way',
  version: 0,
  description: 'A join way (群活码) that lets customers join one of up to five customer groups.',
  attributes: {
    id: ID_ATTRIBUTE,
    scene: {
      type: 'number', required: true, forceNew: true,
      description: '1 mini-program button, 2 QR code.',
      constraints: { oneOf: { values: Object.values(JOIN_WAY_SCENES), id: 'WECOM_JOIN_WAY_SCENE' } },
    },
    chat_id_list: {
      type: listOf('string'), required: true,
      description: 'Customer group chat ids, in order: when one is full the next is used.',
      items: { min: 1, max: LIMITS.JOIN_WAY_CHATS_MAX, id: 'WECOM_JOIN_WAY_CHATS', noun: 'chats' },
      unique: { id: 'WECOM_JOIN_WAY_CHATS' },
    },
    remark: {
      type: 'string', optional: true, description: 'Remark shown to staff.',
      constraints: { length: { max: LIMITS.JOIN_WAY_REMARK_MAX, unit: 'chars', id: 'WECOM_JOIN_WAY_REMARK' } },
    },
    auto_create_room: {
      type: 'bool', optional: true, default: true,
      description: 'Create a new group when all listed groups are full.',
    },
    room_base_name: {
      type: 'string', optional: true, description: 'Name prefix of automatically created groups.',
      constraints: { length: { max: LIMITS.JOIN_WAY_ROOM_BASE_NAME_MAX, unit: 'chars', id: 'WECOM_JOIN_WAY_ROOM_BASE_NAME' } },
    },
    room_base_id: {
      type: 'number', optional: true, description: 'First sequence number of automatically created groups.',
      constraints: { range: { min: 0, integer: true, id: 'WECOM_JOIN_WAY_ROOM_BASE_ID' } },
    },
    state: {
      type: 'string', optional: true, description: 'Channel marker returned in join events, to tell join ways apart.',
      constraints: { length: { max: LIMITS.JOIN_WAY_STATE_MAX, unit: 'chars', id: 'WECOM_JOIN_WAY_STATE' } },
    },
    config_id: { type: 'string', computed: true, description: 'Join way id assigned by WeCom.' },
    qr_code: { type: 'string', computed: true, description: 'URL of the QR code (scene 2 only).' },
  },
};

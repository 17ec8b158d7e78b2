import { Testing } from '../../src/cdktf';
import { CustomerGroups, JoinWay } from '../../src/constructs';
import { WecomJoinWay } from '../../generated';
import { LIMITS } from '../../src/wecom/limits';
import { errors, errorsWithId, newStack } from './helpers';

describe('new JoinWay(scope, id, props)', () => {
  test('scene names map to WeCom codes; autoCreateRoom defaults to true', () => {
    const stack = newStack();
    const jw = new JoinWay(stack, 'jw', { scene: 'qrcode', chatIds: ['wr1', 'wr2'], remark: 'booth', state: 'expo2025' });
    expect(errors(stack)).toEqual([]);
    expect(jw.autoCreateRoom).toBe(true);
    expect(Testing.synth(stack, true)).toHaveResourceWithProperties(WecomJoinWay, {
      scene: 2, chat_id_list: ['wr1', 'wr2'], remark: 'booth', state: 'expo2025', auto_create_room: true,
    });
    const mini = new JoinWay(newStack(), 'jw', { scene: 'miniprogram', chatIds: ['wr1'], autoCreateRoom: false, roomBaseName: 'Fans', roomBaseId: 10 });
    expect(mini.resource.sceneInput).toBe(1);
    expect(mini.resource.autoCreateRoomInput).toBe(false);
  });

  test('chat ids from a CustomerGroups lookup are accepted as a token', () => {
    const stack = newStack();
    const groups = new CustomerGroups(stack, 'groups', { owners: ['alice'] });
    new JoinWay(stack, 'jw', { scene: 'qrcode', chatIds: groups.chatIds });
    expect(errors(stack)).toEqual([]);
  });

  test('1..5 chats, no duplicates', () => {
    const stack = newStack();
    new JoinWay(stack, 'many', { scene: 'qrcode', chatIds: Array.from({ length: LIMITS.JOIN_WAY_CHATS_MAX + 1 }, (_, i) => `wr${i}`) });
    new JoinWay(stack, 'none', { scene: 'qrcode', chatIds: [] });
    new JoinWay(stack, 'dup', { scene: 'qrcode', chatIds: ['wr1', 'wr1'] });
    expect(errorsWithId(stack, 'WECOM_JOIN_WAY_CHATS')).toEqual([
      `JoinWay 'proj/many': chatIds has ${LIMITS.JOIN_WAY_CHATS_MAX + 1} chats; WeCom allows 1..${LIMITS.JOIN_WAY_CHATS_MAX} chats (WECOM_JOIN_WAY_CHATS)`,
      `JoinWay 'proj/none': chatIds has 0 chats; WeCom allows 1..${LIMITS.JOIN_WAY_CHATS_MAX} chats (WECOM_JOIN_WAY_CHATS)`,
      `JoinWay 'proj/dup': chatIds[1] repeats "wr1" from chatIds[0]; WeCom allows each value once (WECOM_JOIN_WAY_CHATS)`,
    ]);
  });

  test('remark, state and room name lengths; room base id', () => {
    const stack = newStack();
    new JoinWay(stack, 'jw', {
      scene: 'qrcode', chatIds: ['wr1'],
      remark: 'r'.repeat(LIMITS.JOIN_WAY_REMARK_MAX + 1),
      state: 's'.repeat(LIMITS.JOIN_WAY_STATE_MAX + 1),
      roomBaseName: 'n'.repeat(LIMITS.JOIN_WAY_ROOM_BASE_NAME_MAX + 1),
      roomBaseId: -1,
    });
    expect(errorsWithId(stack, 'WECOM_JOIN_WAY_REMARK')[0]).toMatch(new RegExp(`^JoinWay 'proj/jw': remark "r+" has ${LIMITS.JOIN_WAY_REMARK_MAX + 1} chars; WeCom allows at most ${LIMITS.JOIN_WAY_REMARK_MAX} chars`));
    expect(errorsWithId(stack, 'WECOM_JOIN_WAY_STATE')[0]).toContain(`state "`);
    expect(errorsWithId(stack, 'WECOM_JOIN_WAY_ROOM_BASE_NAME')[0]).toContain(`roomBaseName "`);
    expect(errorsWithId(stack, 'WECOM_JOIN_WAY_ROOM_BASE_ID')).toEqual([
      `JoinWay 'proj/jw': roomBaseId is -1; WeCom allows an integer in 0..∞ (WECOM_JOIN_WAY_ROOM_BASE_ID)`,
    ]);
  });

  test('unknown scene', () => {
    const stack = newStack();
    new JoinWay(stack, 'jw', { scene: 'nfc' as any, chatIds: ['wr1'] });
    expect(errorsWithId(stack, 'WECOM_JOIN_WAY_SCENE')).toEqual([
      `JoinWay 'proj/jw': scene is "nfc"; WeCom allows one of 1, 2 (WECOM_JOIN_WAY_SCENE)`,
    ]);
  });
});

import { decodeObject, decodeRaw, encodeObject, encodeRaw, UNKNOWN } from '../../src/provider/cty-msgpack';
import { appChatSchema, customerGroupsDataSchema, groupWelcomeTemplateSchema, tagSchema } from '../../src/schema';

describe('encodeRaw(value) / decodeRaw(bytes)', () => {
  test('MessagePack as cty writes it: nil, bools, ints, floats, strings, arrays, maps', () => {
    expect(encodeRaw(null)).toEqual(Buffer.from([0xc0]));
    expect(encodeRaw(true)).toEqual(Buffer.from([0xc3]));
    expect(encodeRaw(5)).toEqual(Buffer.from([0x05]));
    expect(encodeRaw(-3)).toEqual(Buffer.from([0xfd]));
    expect(encodeRaw(70000)).toEqual(Buffer.from([0xce, 0x00, 0x01, 0x11, 0x70]));
    expect(encodeRaw(1.5)).toEqual(Buffer.from([0xcb, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0]));
    expect(encodeRaw('群')).toEqual(Buffer.from([0xa3, 0xe7, 0xbe, 0xa4]));
    expect(encodeRaw({ b: 1, a: [] })).toEqual(Buffer.from([0x82, 0xa1, 0x61, 0x90, 0xa1, 0x62, 0x01]));
    const big = { s: 'x'.repeat(300), list: Array.from({ length: 20 }, (_, i) => i * 1000), n: -(2 ** 40), f: 0.1 };
    expect(decodeRaw(encodeRaw(big))).toEqual(big);
  });

  test('unknown is extension type 0; any extension decodes as unknown (refined unknowns are type 12)', () => {
    expect(encodeRaw(UNKNOWN)).toEqual(Buffer.from([0xd4, 0x00, 0x00]));
    expect(decodeRaw(Buffer.from([0xd4, 0x00, 0x00]))).toBe(UNKNOWN);
    expect(decodeRaw(Buffer.from([0xc7, 0x03, 0x0c, 0x81, 0x01, 0xc3]))).toBe(UNKNOWN);
    expect(decodeRaw(Buffer.from([0x92, 0xd4, 0x00, 0x00, 0x01]))).toEqual([UNKNOWN, 1]);
  });
});

describe('encodeObject(schema, attrs) / decodeObject(schema, bytes)', () => {
  test('an object carries every schema attribute, null where unset', () => {
    const decoded = decodeRaw(encodeObject(tagSchema, { tag_name: 'oncall', users: ['a'] })) as Record<string, unknown>;
    expect(Object.keys(decoded).sort()).toEqual(Object.keys(tagSchema.attributes).sort());
    expect(decoded).toEqual({ id: null, tag_name: 'oncall', users: ['a'], departments: null, tag_id: null });
  });

  test('values are coerced to the schema type; nested objects carry their attributes', () => {
    const bytes = encodeObject(groupWelcomeTemplateSchema, { text: { content: 'hi' }, notify: true, agentid: '1000002' });
    const back = decodeObject(groupWelcomeTemplateSchema, bytes)!;
    expect(back.agentid).toBe(1000002);
    expect(back.text).toEqual({ content: 'hi' });
    expect(back.link).toBeNull();
    const groups = decodeObject(customerGroupsDataSchema, encodeObject(customerGroupsDataSchema, { groups: [{ chat_id: 'wr1' }] }))!;
    expect(groups.groups).toEqual([{ chat_id: 'wr1', name: null, owner: null, status: null }]);
  });

  test('unknown values, whole or inside a list, survive a round trip; null is no object', () => {
    const back = decodeObject(appChatSchema, encodeObject(appChatSchema, { chat_id: 'c1', member_tags: [UNKNOWN], resolved_members: UNKNOWN }))!;
    expect(back.member_tags).toEqual([UNKNOWN]);
    expect(back.resolved_members).toBe(UNKNOWN);
    expect(decodeObject(appChatSchema, encodeObject(appChatSchema, null))).toBeNull();
    expect(decodeObject(appChatSchema, Buffer.alloc(0))).toBeNull();
  });

  test('large numbers sent as decimal strings and attributes not in the schema', () => {
    const bytes = encodeRaw({ tag_name: 't', tag_id: '12', surplus: 1 });
    expect(decodeObject(tagSchema, bytes)).toEqual({ id: null, tag_name: 't', users: null, departments: null, tag_id: 12 });
  });
});

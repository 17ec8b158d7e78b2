// A generated org of a given size (`--org-size N`, `startSimulator({ orgSize })`), for measuring
// directory resolution at the scale of a real corp (100,000 people). Deterministic: the same size
// and seed give the same departments, users and tags, so tests can name them. The corp and its
// agents are the default org's (same corp id, same public fake secrets), so DEFAULT_ORG.agents
// work against it; it has no chats, customer groups or robots.
//
// Shape: root 1, then three levels. Level 1: `divisions` (事业部), level 2: centres (中心) under
// each, level 3: teams (组) under each centre. About one department per 125 people (100,000 ->
// ~800 departments). Most people sit in one team; 1 in 50 sits in a centre (leads); 1 in 20 has a
// second department; 2 % have left (status 5), 1 % are disabled (2), 1 % not activated (4).
// Userids are `u` + 6 digits (`u000001`); 1 in 100 is spelt with a capital `U` (WeCom compares
// userids case-insensitively). Tags: every 8th team, every 4th centre, and userid ranges.
import { defaultCorp } from './default-org';
import { Prng } from './prng';
import type { Seed, SeedDepartment, SeedTag, SeedUser } from './seed';

export interface GeneratedOrgOptions {
  /** People in the org (all statuses). At least 10, at most 1,000,000. */
  size: number;
  /** PRNG seed. @default 20250101 */
  seed?: number;
}

export const ORG_SIZE_MIN = 10;
export const ORG_SIZE_MAX = 1_000_000;

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢';
const GIVEN = '伟芳娜敏静磊强洋艳军杰涛明超华平刚辉丽霞鹏飞婷玉兰萍红斌宇浩凯晨欣怡子轩雨涵博文俊';
const DIVISIONS = ['研发', '产品', '运营', '销售', '客服', '市场', '供应链', '财务', '人力', '法务', '数据', '安全', '国际', '政企', '生态', '硬件'];

export interface GeneratedOrgShape {
  /** Level-1 department ids (divisions). */
  divisions: number[];
  /** Level-2 department ids (centres), by division. */
  centres: number[];
  /** Level-3 department ids (teams). */
  teams: number[];
}

/** Department counts per level for an org of `size` people. */
function levels(size: number): { l1: number; l2: number; l3: number } {
  const depts = Math.max(4, Math.round(size / 125));
  const b = Math.max(1, Math.round(Math.cbrt(depts)));
  const l1 = Math.min(b, 16);
  const l2 = Math.max(1, b - 1);
  const l3 = Math.max(1, Math.round(depts / (l1 * l2)));
  return { l1, l2, l3 };
}

/** A generated org as a seed (a fresh object each call) and the ids of each level. */
export function generateOrg(o: GeneratedOrgOptions): Seed & { shape: GeneratedOrgShape } {
  const size = o.size;
  if (!Number.isSafeInteger(size) || size < ORG_SIZE_MIN || size > ORG_SIZE_MAX) {
    throw new Error(`org size must be a whole number ${ORG_SIZE_MIN}..${ORG_SIZE_MAX}, got ${String(size)}`);
  }
  const rng = new Prng(o.seed ?? 20250101);
  const { l1, l2, l3 } = levels(size);
  const departments: SeedDepartment[] = [{ id: 1, name: '模拟集团', parentid: 0, order: 100000000 }];
  const shape: GeneratedOrgShape = { divisions: [], centres: [], teams: [] };
  let next = 2;
  const add = (name: string, parentid: number): number => {
    const id = next++;
    departments.push({ id, name, parentid, order: 100000000 - id });
    return id;
  };
  for (let a = 0; a < l1; a++) {
    const div = add(`${DIVISIONS[a % DIVISIONS.length]}事业部${a >= DIVISIONS.length ? a + 1 : ''}`, 1);
    shape.divisions.push(div);
    for (let b = 0; b < l2; b++) {
      const centre = add(`${b + 1}中心`, div);
      shape.centres.push(centre);
      for (let c = 0; c < l3; c++) shape.teams.push(add(`${c + 1}组`, centre));
    }
  }
  const { teams, centres } = shape;
  const users: SeedUser[] = new Array<SeedUser>(size);
  for (let i = 0; i < size; i++) {
    const n = i + 1;
    const userid = `${n % 100 === 0 ? 'U' : 'u'}${String(n).padStart(6, '0')}`;
    const name = SURNAMES[rng.int(0, SURNAMES.length - 1)] + GIVEN[rng.int(0, GIVEN.length - 1)] + (rng.next() < 0.5 ? GIVEN[rng.int(0, GIVEN.length - 1)] : '');
    // Contiguous blocks per team (so a team's people are neighbours), leads in centres.
    const home = n % 50 === 0 ? centres[Math.floor((i / size) * centres.length)] : teams[Math.floor((i / size) * teams.length)];
    const department = [home];
    if (n % 20 === 7) {
      const second = teams[rng.int(0, teams.length - 1)];
      if (second !== home) department.push(second);
    }
    const r = n % 100;
    const status = r === 13 || r === 61 ? 5 : r === 29 ? 2 : r === 83 ? 4 : 1;
    users[i] = { userid, name, department, status };
  }
  const tags: SeedTag[] = [];
  const addTag = (tagname: string, t: Omit<SeedTag, 'tagid' | 'tagname'>): void => { tags.push({ tagid: tags.length + 1, tagname, ...t }); };
  for (let k = 0; k < teams.length; k += 8) addTag(`团队标签${k / 8 + 1}`, { partylist: [teams[k]], userlist: [] });
  for (let k = 0; k < centres.length; k += 4) addTag(`中心标签${k / 4 + 1}`, { partylist: [centres[k]], userlist: [] });
  const active = users.filter((u) => u.status === 1);
  for (let k = 0; k < 10; k++) {
    const start = Math.floor((k / 10) * active.length);
    addTag(`项目组${k + 1}`, { userlist: active.slice(start, start + Math.min(200, Math.ceil(active.length / 20))).map((u) => u.userid), partylist: [] });
  }
  return {
    corp: defaultCorp(),
    departments,
    users,
    tags,
    shape,
  };
}

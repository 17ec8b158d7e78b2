// The benchmark's stack: N wecom_app_chat blocks with deterministic chat ids, drawn from the
// simulator's default org. `users`: 50 explicit members each (owner first), taken from the
// active users (status 1) at a stride so chats differ. `departments`: one department subtree
// each (resolved at plan time), owner an active member of it, 3 explicit extras.
import { buildDefaultOrg, DEFAULT_ORG } from '../../src/simulator/default-org';
import type { Seed } from '../../src/simulator/seed';

export type MemberSource = 'users' | 'departments';

export interface ScenarioOptions {
  chats: number;
  /** Explicit members per chat, owner included (users variant). @default 50 */
  members?: number;
  source?: MemberSource;
  /** Environment variable holding the app secret. */
  secretEnv: string;
  /** State file (absolute). */
  statePath: string;
}

export const chatId = (i: number): string => `bench${String(i).padStart(6, '0')}`;

/** Userids of the default org that may be chat members and owners (active: status 1). */
export function activeUsers(seed: Seed = buildDefaultOrg()): string[] {
  return seed.users.filter((u) => (u.status ?? 1) === 1).map((u) => u.userid);
}

function usersChat(i: number, active: string[], members: number): Record<string, unknown> {
  if (members > active.length) throw new Error(`--members ${members}: the default org has only ${active.length} active users`);
  // Stride 37 is coprime with the active count, so owners and member windows rotate through everyone.
  const start = (i * 37) % active.length;
  const list = Array.from({ length: members }, (_, k) => active[(start + k) % active.length]);
  // Sorted, as the AppChat construct synthesizes members (src/constructs/lists.ts).
  return { chat_id: chatId(i), name: `压测群 ${i}`, owner: list[0], members: [...list].sort() };
}

/** Departments (not the root) with `min`..`max` active people in their subtree, and those people. */
export function departmentPools(seed: Seed, min: number, max = Infinity): Array<{ id: number; people: string[] }> {
  const children = new Map<number, number[]>();
  for (const d of seed.departments) children.set(d.parentid, [...(children.get(d.parentid) ?? []), d.id]);
  const tree = (id: number): number[] => [id, ...(children.get(id) ?? []).flatMap(tree)];
  const active = seed.users.filter((u) => (u.status ?? 1) === 1);
  return seed.departments
    .filter((d) => d.id !== DEFAULT_ORG.departments.root)
    .map((d) => {
      const ids = new Set(tree(d.id));
      return { id: d.id, people: active.filter((u) => u.department.some((x) => ids.has(x))).map((u) => u.userid) };
    })
    .filter((p) => p.people.length >= min && p.people.length <= max);
}

function departmentsChat(i: number, pools: Array<{ id: number; people: string[] }>, active: string[]): Record<string, unknown> {
  const pool = pools[i % pools.length];
  const owner = pool.people[Math.floor(i / pools.length) % pool.people.length];
  const members = [owner];
  for (let k = 1; members.length < 4; k++) {
    const u = active[(i * 37 + k * 101) % active.length];
    if (!members.includes(u)) members.push(u);
  }
  return { chat_id: chatId(i), name: `压测部门群 ${i}`, owner, members, member_departments: [pool.id] };
}

/** The cdk.tf.json document (provider, backend, N chats). */
export function benchStack(o: ScenarioOptions): Record<string, unknown> {
  const seed = buildDefaultOrg();
  const active = activeUsers(seed);
  const pools = departmentPools(seed, 10);
  const chats: Record<string, unknown> = {};
  for (let i = 0; i < o.chats; i++) {
    chats[`chat_${i}`] = o.source === 'departments' ? departmentsChat(i, pools, active) : usersChat(i, active, o.members ?? 50);
  }
  return {
    terraform: { backend: { local: { path: o.statePath } } },
    provider: {
      wecom: [{
        corp_id: DEFAULT_ORG.corpId,
        corp_secret_env: o.secretEnv,
        // Real WeCom allows ~1,000 creates per corp per day: 10,000 chats would take 10 days.
        // The simulator is configured to match, so the benchmark measures the engine.
        chat_creates_per_day: Math.max(1000, o.chats * 2),
        chat_updates_per_hour: Math.max(1000, o.chats * 2),
      }],
    },
    resource: { wecom_app_chat: chats },
  };
}

/** Simulator limits that let N creates (and re-runs) through; everything else stays WeCom's. */
export function simulatorLimits(chats: number): Record<string, number> {
  return {
    chatCreatesPerDay: Math.max(1000, chats * 4),
    chatUpdatesPerHour: Math.max(1000, chats * 4),
    perApiPerMinute: Math.max(10000, chats * 4),
    perApiPerHour: Math.max(150000, chats * 8),
  };
}

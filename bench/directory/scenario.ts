// The directory benchmark's stack: N wecom_app_chat blocks drawing members from departments of a
// generated org (src/simulator/generated-org.ts, the same org `--org-size` seeds). Chat i takes
// one centre (a level-2 department, ~12 departments and ~1,400 people at 100k) of the first
// `divisions` divisions, every other chat a team of another centre too; the owner and one explicit
// member are active people of that centre, plus one of 5 people from outside every referenced
// subtree (who cost a user/get each without the contacts secret). `departments: 2` instead makes
// every chat name the same two departments (the call-count test).
import { generateOrg } from '../../src/simulator/generated-org';
import type { GeneratedOrgShape } from '../../src/simulator/generated-org';
import type { Seed } from '../../src/simulator/seed';

export interface DirectoryScenario {
  orgSize: number;
  chats: number;
  /** Env var of the app secret. */
  secretEnv: string;
  /** Env var of the contacts-sync secret; the provider's contactsSecretEnv when set. */
  contactsEnv?: string;
  statePath: string;
  /** Divisions whose centres the chats draw on. @default 6 */
  divisions?: number;
  /** Only two departments for the whole stack: a centre and a team of another division. */
  twoDepartments?: boolean;
}

export interface ScenarioFacts {
  /** Department ids the stack names. */
  referenced: number[];
  /** Every department id in the referenced subtrees. */
  subtreeDepartments: number[];
  /** user/list_id rows (user-department pairs of people who have not left). */
  listedPairs: number;
  users: number;
  departments: number;
  /** Explicit members outside every referenced subtree. */
  outsiders: string[];
}

export const chatId = (i: number): string => `dirbench${String(i).padStart(6, '0')}`;

function index(seed: Seed & { shape: GeneratedOrgShape }) {
  const children = new Map<number, number[]>();
  for (const d of seed.departments) children.set(d.parentid, [...(children.get(d.parentid) ?? []), d.id]);
  const tree = (id: number): number[] => [id, ...(children.get(id) ?? []).flatMap(tree)];
  const direct = new Map<number, string[]>();
  for (const u of seed.users) {
    if ((u.status ?? 1) !== 1) continue;
    for (const d of u.department) {
      const list = direct.get(d);
      if (list) list.push(u.userid);
      else direct.set(d, [u.userid]);
    }
  }
  const people = (id: number): string[] => [...new Set(tree(id).flatMap((d) => direct.get(d) ?? []))];
  return { tree, people };
}

export function directoryStack(o: DirectoryScenario): { doc: Record<string, unknown>; facts: ScenarioFacts } {
  const seed = generateOrg({ size: o.orgSize });
  const { shape } = seed;
  const { tree, people } = index(seed);
  const perDivision = shape.centres.length / shape.divisions.length;
  const divisions = Math.min(o.twoDepartments ? 1 : (o.divisions ?? 6), shape.divisions.length - 1);
  const centres = shape.centres.slice(0, divisions * perDivision);
  // Teams of the last division's first centre: never inside the centres above.
  const lastCentre = shape.centres[shape.centres.length - perDivision];
  const otherTeams = tree(lastCentre).slice(1);
  const centrePeople = new Map(centres.map((c) => [c, people(c)]));
  // Outsiders: active people of the last division's second centre (never referenced).
  const outsiders = people(shape.centres[shape.centres.length - perDivision + 1]).slice(0, 5);
  const referenced = new Set<number>();
  const chats: Record<string, unknown> = {};
  for (let i = 0; i < o.chats; i++) {
    const centre = o.twoDepartments ? centres[0] : centres[i % centres.length];
    const team = o.twoDepartments || i % 2 === 1 ? otherTeams[(i * 7) % otherTeams.length] : undefined;
    const depts = o.twoDepartments ? [centre, otherTeams[0]] : team ? [centre, team] : [centre];
    for (const d of depts) referenced.add(d);
    const pool = centrePeople.get(centre)!;
    const owner = pool[Math.floor(i / centres.length) % pool.length];
    const extra = pool[(Math.floor(i / centres.length) + 17) % pool.length];
    const members = o.twoDepartments ? [owner, extra] : [owner, extra, outsiders[i % outsiders.length]];
    chats[`chat_${i}`] = { chat_id: chatId(i), name: `部门群 ${i}`, owner, members, member_departments: depts };
  }
  const subtreeDepartments = [...new Set([...referenced].flatMap(tree))].sort((a, b) => a - b);
  const listedPairs = seed.users.filter((u) => u.status !== 5).reduce((n, u) => n + u.department.length, 0);
  const doc = {
    terraform: { backend: { local: { path: o.statePath } } },
    provider: {
      wecom: [{
        corp_id: seed.corp.id,
        corp_secret_env: o.secretEnv,
        ...(o.contactsEnv ? { contacts_secret_env: o.contactsEnv } : {}),
      }],
    },
    resource: { wecom_app_chat: chats },
  };
  return {
    doc,
    facts: {
      referenced: [...referenced].sort((a, b) => a - b), subtreeDepartments, listedPairs,
      users: seed.users.length, departments: seed.departments.length, outsiders: o.twoDepartments ? [] : outsiders,
    },
  };
}

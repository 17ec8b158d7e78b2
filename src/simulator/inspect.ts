// Read-only views for tests and people: what the simulator holds, with every secret removed
// (no app secrets, no access tokens, no robot keys: robots show a key fingerprint instead).
import type { CallCount, CallEntry } from './calls';
import type { FaultMode, FaultOptions } from './faults';
import type { MessageRec, RobotState } from './model';
import { fingerprint } from './redact';
import { groupStatus } from './routes/customer-groups';
import { joinWayView } from './routes/join-ways';
import type { Simulator } from './simulator';

export interface MessageFilter {
  chatid?: string;
  /** Robot name or key fingerprint. */
  robot?: string;
  via?: 'appchat' | 'robot';
}

export interface RobotView { name: string; chatid: string; fingerprint: string; state: RobotState }

const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

export class Inspector {
  constructor(private readonly sim: Simulator) {}

  private get state() {
    return this.sim.state;
  }

  corp(): { id: string; agents: Array<{ agentid: number; name: string; contactSync: boolean; allowAppChat: boolean; customerContact: boolean }> } {
    return {
      id: this.state.corp.id,
      agents: this.state.corp.agents.map((a) => ({
        agentid: a.agentid, name: a.name, contactSync: a.contactSync === true, allowAppChat: a.allowAppChat !== false, customerContact: a.customerContact !== false,
      })),
    };
  }

  chats() {
    return copy(this.state.appChats);
  }

  chat(chatid: string) {
    const c = this.sim.store.appChat(chatid);
    return c ? copy(c) : undefined;
  }

  /** Every intercept rule, deleted ones included (deleted: true). */
  rules() {
    return this.state.rules.map((r) => ({ ...copy(r), extra_rule: { semantics_list: [...r.semantics_list] } }));
  }

  joinWays() {
    return this.state.joinWays.map((j) => ({ ...joinWayView(j), createdBy: j.createdBy }));
  }

  welcomeTemplates() {
    return copy(this.state.welcomeTemplates);
  }

  tags() {
    return copy(this.state.tags);
  }

  customerGroups() {
    return this.state.customerGroups.map((g) => ({ ...copy(g), status: groupStatus(this.sim, g) }));
  }

  robots(): RobotView[] {
    return this.state.robots.map((r) => ({ name: r.name, chatid: r.chatid, fingerprint: fingerprint(r.key), state: r.state }));
  }

  user(userid: string) {
    const u = this.sim.store.user(userid);
    return u ? copy(u) : undefined;
  }

  users() {
    return copy(this.state.users);
  }

  departments() {
    return copy(this.state.departments);
  }

  messages(filter: MessageFilter = {}): MessageRec[] {
    return copy(this.state.messages.filter((m) =>
      (filter.chatid === undefined || m.chatid === filter.chatid)
      && (filter.via === undefined || m.via === filter.via)
      && (filter.robot === undefined || m.robot?.name === filter.robot || m.robot?.fingerprint === filter.robot)));
  }

  calls(): { counts: Record<string, CallCount>; log: CallEntry[] } {
    return { counts: this.sim.calls.countsByPath(), log: this.sim.calls.log() };
  }

  faults(): { options: FaultOptions; pending: Array<{ mode: FaultMode; path?: string; count: number }> } {
    return { options: this.sim.faults.options, pending: this.sim.faults.pending };
  }
}

// Tags (tag/*, wecom-api.md §7). Member changes answer errcode 0 even when part of the input is
// invalid; the invalid part is returned, parsed. create WITH a tagid checks its own outcome after
// a lost answer (reads the tag back); without a tagid it raises WECOM_OUTCOME_UNKNOWN.

import { ENDPOINTS } from '../../wecom/endpoints';
import { LIMITS } from '../../wecom/limits';
import {
  TagCreateResponse, TagGetResponse, TagListResponse, TagMembersRequest, TagMembersResponse, WecomEnvelope,
} from '../../wecom/types';
import { Caller, ClientStats } from '../caller';
import { WecomApiError } from '../errors';
import { Check } from '../validate';
import { deleteTolerant } from './shared';

export interface TagMembersResult {
  /** Userids WeCom ignored as invalid ("invalidlist"). */
  readonly invalidUsers: string[];
  readonly invalidParties: number[];
}
export type TagDetail = Omit<TagGetResponse, 'errcode' | 'errmsg'>;
export type TagSummary = TagListResponse['taglist'][number];

export class Tags {
  constructor(private readonly c: Caller, private readonly stats: ClientStats) {}

  async create(tagname: string, tagid?: number): Promise<{ tagid: number; adopted: boolean }> {
    const check = new Check(ENDPOINTS.tagCreate.path).nonEmpty('tagname', tagname).chars('tagname', tagname, 1, LIMITS.TAG_NAME_MAX);
    if (tagid !== undefined) check.positiveInt('tagid', tagid);
    try {
      const r = await this.c.call<TagCreateResponse>(ENDPOINTS.tagCreate, {
        json: tagid === undefined ? { tagname } : { tagname, tagid }, onUnknown: tagid === undefined ? 'throw' : 'retry',
      });
      return { tagid: r.data.tagid, adopted: false };
    } catch (err) {
      // The repeat of a create that landed answers "exists"; the tag read back tells if it is ours.
      if (tagid !== undefined && err instanceof WecomApiError && err.lostAnswer) {
        const tag = await this.get(tagid).catch(() => undefined);
        if (tag?.tagname === tagname) {
          this.stats.adoptions++;
          return { tagid, adopted: true };
        }
      }
      throw err;
    }
  }

  async update(tagid: number, tagname: string): Promise<void> {
    new Check(ENDPOINTS.tagUpdate.path).positiveInt('tagid', tagid).nonEmpty('tagname', tagname).chars('tagname', tagname, 1, LIMITS.TAG_NAME_MAX);
    await this.c.call<WecomEnvelope>(ENDPOINTS.tagUpdate, { json: { tagid, tagname } });
  }

  async delete(tagid: number): Promise<void> {
    new Check(ENDPOINTS.tagDelete.path).positiveInt('tagid', tagid);
    await deleteTolerant(() => this.c.call(ENDPOINTS.tagDelete, { query: { tagid } }), [40068]);
  }

  async get(tagid: number): Promise<TagDetail> {
    new Check(ENDPOINTS.tagGet.path).positiveInt('tagid', tagid);
    const r = await this.c.call<TagGetResponse>(ENDPOINTS.tagGet, { query: { tagid } });
    return { tagname: r.data.tagname, userlist: r.data.userlist ?? [], partylist: r.data.partylist ?? [] };
  }

  async addUsers(req: TagMembersRequest): Promise<TagMembersResult> {
    return this.members(ENDPOINTS.tagAddUsers, req);
  }

  async delUsers(req: TagMembersRequest): Promise<TagMembersResult> {
    return this.members(ENDPOINTS.tagDelUsers, req);
  }

  async list(): Promise<TagSummary[]> {
    const r = await this.c.call<TagListResponse>(ENDPOINTS.tagList);
    return r.data.taglist ?? [];
  }

  private async members(spec: typeof ENDPOINTS.tagAddUsers | typeof ENDPOINTS.tagDelUsers, req: TagMembersRequest): Promise<TagMembersResult> {
    new Check(spec.path).positiveInt('tagid', req.tagid)
      .count('userlist', req.userlist, 0, LIMITS.TAG_USERS_PER_CALL_MAX)
      .count('partylist', req.partylist, 0, LIMITS.TAG_PARTIES_PER_CALL_MAX)
      .that((req.userlist?.length ?? 0) + (req.partylist?.length ?? 0) > 0, 'give userlist or partylist');
    const r = await this.c.call<TagMembersResponse>(spec, { json: req });
    return parseInvalid(r.data);
  }
}

export function parseInvalid(r: TagMembersResponse): TagMembersResult {
  return {
    invalidUsers: r.invalidlist ? r.invalidlist.split('|').filter(Boolean) : [],
    invalidParties: (r.invalidparty ?? []).map(Number),
  };
}

// Group welcome templates (externalcontact/group_welcome_template/*, wecom-api.md §6).
// add is not idempotent and not checkable (no list call): WECOM_OUTCOME_UNKNOWN after a lost
// answer. edit overwrites the content it is given, so repeating it is safe.

import { ENDPOINTS } from '../../wecom/endpoints';
import { LIMITS } from '../../wecom/limits';
import {
  WelcomeTemplateAddRequest, WelcomeTemplateAddResponse, WelcomeTemplateContent, WelcomeTemplateEditRequest,
  WelcomeTemplateGetResponse, WecomEnvelope,
} from '../../wecom/types';
import { Caller } from '../caller';
import { Check } from '../validate';
import { deleteTolerant } from './shared';

const CONTENT_KEYS = ['text', 'image', 'link', 'miniprogram', 'file', 'video'] as const;

export class WelcomeTemplates {
  constructor(private readonly c: Caller) {}

  async add(req: WelcomeTemplateAddRequest): Promise<string> {
    validate(ENDPOINTS.welcomeTemplateAdd.path, req);
    const r = await this.c.call<WelcomeTemplateAddResponse>(ENDPOINTS.welcomeTemplateAdd, { json: req });
    return r.data.template_id;
  }

  async edit(req: WelcomeTemplateEditRequest): Promise<void> {
    new Check(ENDPOINTS.welcomeTemplateEdit.path).nonEmpty('template_id', req.template_id);
    validate(ENDPOINTS.welcomeTemplateEdit.path, req);
    await this.c.call<WecomEnvelope>(ENDPOINTS.welcomeTemplateEdit, { json: req });
  }

  async get(templateId: string): Promise<WelcomeTemplateContent> {
    new Check(ENDPOINTS.welcomeTemplateGet.path).nonEmpty('template_id', templateId);
    const r = await this.c.call<WelcomeTemplateGetResponse>(ENDPOINTS.welcomeTemplateGet, { json: { template_id: templateId } });
    const out: Record<string, unknown> = {};
    for (const k of CONTENT_KEYS) if (r.data[k] !== undefined) out[k] = r.data[k];
    return out;
  }

  async delete(templateId: string): Promise<void> {
    new Check(ENDPOINTS.welcomeTemplateDelete.path).nonEmpty('template_id', templateId);
    await deleteTolerant(() => this.c.call(ENDPOINTS.welcomeTemplateDelete, { json: { template_id: templateId } }), [41058, 40058]);
  }
}

function validate(path: string, t: WelcomeTemplateContent): void {
  new Check(path).that(CONTENT_KEYS.some((k) => t[k] !== undefined), `give at least one of ${CONTENT_KEYS.join(', ')}`)
    .bytes('text.content', t.text?.content, LIMITS.WELCOME_TEXT_MAX_BYTES);
}

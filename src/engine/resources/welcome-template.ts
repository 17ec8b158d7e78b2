// wecom_group_welcome_template handler (externalcontact/group_welcome_template/*, wecom-api.md §6).
// edit replaces the whole content, so create and update send the same body. get reports only
// the content: agentid and notify (used by add alone) are kept from state.
import { groupWelcomeTemplateSchema as schema } from '../../schema';
import type { WelcomeTemplateContent } from '../../wecom/types';
import { containsUnknown } from '../config/expressions';
import { Attrs, HandlerContext, PlanError, ResourceHandler } from './types';
import { computedFrom, isApiError, nestedValue, setFields } from './util';

/** Unknown template ids answer 40058 (WeCom documents no dedicated code). */
const GONE = [40058];
const CONTENT = ['text', 'image', 'link', 'miniprogram'] as const;
const ATTACHMENTS = ['image', 'link', 'miniprogram'] as const;

export const welcomeTemplateHandler: ResourceHandler = {
  type: 'wecom_group_welcome_template',
  schema,

  async plan(ctx, { config, prior }) {
    const templateId = computedFrom(schema, config, prior, 'template_id');
    const after: Attrs = {
      ...config,
      ...contentState(config),
      agentid: config.agentid ?? null,
      notify: config.notify ?? true,
      template_id: templateId,
      id: templateId,
    };
    checkContent(ctx, config);
    return { after };
  },

  async read(ctx, prior) {
    try {
      return toState(String(prior.template_id), await ctx.client.welcomeTemplates.get(String(prior.template_id)), prior);
    } catch (err) {
      if (isApiError(err, GONE)) return null;
      throw err;
    }
  },

  async create(ctx, planned) {
    const templateId = await ctx.client.welcomeTemplates.add({
      ...content(planned),
      ...(planned.agentid !== null && planned.agentid !== undefined ? { agentid: Number(planned.agentid) } : {}),
      notify: planned.notify === false ? 0 : 1,
    });
    return { ...planned, template_id: templateId, id: templateId };
  },

  async update(ctx, _prior, planned) {
    const templateId = String(planned.template_id);
    // notify only matters to add; a change of it alone still re-sends the (same) content, harmlessly.
    await ctx.client.welcomeTemplates.edit({
      template_id: templateId,
      ...content(planned),
      ...(planned.agentid !== null && planned.agentid !== undefined ? { agentid: Number(planned.agentid) } : {}),
    });
    return { ...planned, template_id: templateId, id: templateId };
  },

  async delete(ctx, prior) {
    try {
      await ctx.client.welcomeTemplates.delete(String(prior.template_id));
    } catch (err) {
      if (!isApiError(err, GONE)) throw err; // already gone: what destroy wants
    }
  },

  async import(ctx, id) {
    return toState(id, await ctx.client.welcomeTemplates.get(id), null);
  },
};

function contentState(source: Attrs, prior?: Attrs | null): Attrs {
  const out: Attrs = {};
  for (const k of CONTENT) out[k] = nestedValue(schema.attributes[k], source[k], prior === undefined ? undefined : prior?.[k] ?? null);
  return out;
}

function toState(templateId: string, c: WelcomeTemplateContent, prior: Attrs | null): Attrs {
  return {
    id: templateId,
    template_id: templateId,
    ...contentState(c as Attrs, prior),
    agentid: prior?.agentid ?? null,
    notify: prior?.notify ?? true,
  };
}

function content(a: Attrs): WelcomeTemplateContent {
  const out: Record<string, unknown> = {};
  for (const k of CONTENT) { const v = setFields(a[k]); if (v) out[k] = v; }
  return out;
}

/** WeCom keeps text plus only the first attachment it finds, so a second one would drift forever. */
function checkContent(ctx: HandlerContext, config: Attrs): void {
  const given = CONTENT.filter((k) => config[k] !== null && config[k] !== undefined);
  if (!given.length) throw new PlanError(ctx.address, 'text', `give at least one of ${CONTENT.join(', ')}`);
  const attachments = ATTACHMENTS.filter((k) => given.includes(k));
  if (attachments.length > 1) {
    throw new PlanError(ctx.address, attachments[1], `${attachments.join(' and ')} are both set; WeCom keeps text plus one attachment (it would keep only ${attachments[0]})`);
  }
  const image = config.image as Attrs | null | undefined;
  if (image && !containsUnknown(image) && !image.media_id && !image.pic_url) throw new PlanError(ctx.address, 'image', 'needs media_id or pic_url');
}

// Group welcome templates (§6). Content: text and at most one attachment; when several
// attachments are sent WeCom keeps the first of image > link > miniprogram > file > video, and
// so does the simulator. edit replaces the whole content. An app edits and deletes only its
// own templates (41058); unknown template ids answer 40058.
import { ENDPOINTS, LIMITS, utf8Bytes } from '../../wecom';
import type { WelcomeTemplateContent } from '../../wecom';
import { f } from '../check';
import type { Fields } from '../check';
import { fail } from '../errors';
import type { WelcomeTemplateRec } from '../model';
import type { Simulator } from '../simulator';
import { me } from './route';
import type { Ctx, Route } from './route';

const ATTACHMENTS = ['image', 'link', 'miniprogram', 'file', 'video'] as const;

const CONTENT_FIELDS: Fields = {
  text: f.obj({ content: f.str() }),
  image: f.obj({ media_id: f.str(), pic_url: f.str() }),
  link: f.obj({ title: f.str(40063), url: f.str(40063), picurl: f.str(), desc: f.str() }),
  miniprogram: f.obj({ title: f.str(40063), pic_media_id: f.str(40063), appid: f.str(40063), page: f.str(40063) }),
  file: f.obj({ media_id: f.str(40063) }),
  video: f.obj({ media_id: f.str(40063) }),
  agentid: f.int(),
  notify: f.int(),
};

function content(sim: Simulator, b: Record<string, unknown>): WelcomeTemplateContent {
  const out: WelcomeTemplateContent = {};
  const text = (b.text as { content?: string } | undefined)?.content;
  if (text) {
    if (utf8Bytes(text) > sim.limits.welcomeTextMaxBytes) fail(40058, `invalid parameter: text.content exceeds ${sim.limits.welcomeTextMaxBytes} bytes`);
    out.text = { content: text };
  }
  const image = b.image as { media_id?: string; pic_url?: string } | undefined;
  if (image && !image.media_id && !image.pic_url) fail(40063, 'image needs media_id or pic_url');
  const first = ATTACHMENTS.find((k) => b[k] !== undefined);
  if (first) Object.assign(out, { [first]: { ...(b[first] as object) } });
  if (!out.text && !first) fail(40063, 'welcome template content is empty');
  return out;
}

function ownTemplate(ctx: Ctx): WelcomeTemplateRec {
  const t = findTemplate(ctx);
  if (t.createdBy !== me(ctx).agentid) fail(41058);
  return t;
}

function findTemplate(ctx: Ctx): WelcomeTemplateRec {
  const t = ctx.sim.store.template(ctx.body.template_id as string);
  if (!t) fail(40058, 'invalid parameter: template_id not found');
  return t;
}

export const welcomeTemplateRoutes: Route[] = [
  {
    endpoint: ENDPOINTS.welcomeTemplateAdd, area: 'customerContact', mutates: true, fields: CONTENT_FIELDS,
    handle(ctx) {
      const { sim } = ctx;
      const c = content(sim, ctx.body);
      if (sim.state.welcomeTemplates.length >= LIMITS.WELCOME_TEMPLATES_PER_CORP_MAX) fail(41055);
      const templateId = sim.newId('msg', 29, (id) => !!sim.store.template(id), 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789');
      const notify = ctx.body.notify === 0 ? 0 : 1;
      sim.state.welcomeTemplates.push({ template_id: templateId, content: c, notify, createdBy: me(ctx).agentid, create_time: sim.nowS() });
      return { template_id: templateId };
    },
  },
  {
    endpoint: ENDPOINTS.welcomeTemplateEdit, area: 'customerContact', mutates: true, fields: { template_id: f.str(40063), ...CONTENT_FIELDS },
    handle(ctx) {
      const t = ownTemplate(ctx);
      t.content = content(ctx.sim, ctx.body);
    },
  },
  {
    endpoint: ENDPOINTS.welcomeTemplateGet, area: 'customerContact', fields: { template_id: f.str(40063) },
    handle: (ctx) => JSON.parse(JSON.stringify(findTemplate(ctx).content)) as Record<string, unknown>,
  },
  {
    endpoint: ENDPOINTS.welcomeTemplateDelete, area: 'customerContact', mutates: true, fields: { template_id: f.str(40063), agentid: f.int() },
    handle(ctx) {
      const t = ownTemplate(ctx);
      ctx.sim.state.welcomeTemplates = ctx.sim.state.welcomeTemplates.filter((x) => x !== t);
    },
  },
];

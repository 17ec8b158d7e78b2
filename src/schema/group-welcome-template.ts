// wecom_group_welcome_template: a customer group welcome message (group_welcome_template/*, §6).
// file and video attachments need media ids that expire after 3 days, so they are not modelled.

import { LIMITS } from '../wecom/limits';
import { ID_ATTRIBUTE, ResourceSchema } from './types';

export const groupWelcomeTemplateSchema: ResourceSchema = {
  kind: 'resource',
  name: 'wecom_group_welcome_template',
  version: 0,
  description: 'A welcome message template for customer groups. At least one of text, image, link or miniprogram.',
  attributes: {
    id: ID_ATTRIBUTE,
    text: {
      type: { nesting: 'single', attributes: {
        content: {
          type: 'string', required: true, description: 'Message text; %NICKNAME% becomes the customer\'s nickname.',
          constraints: { length: { max: LIMITS.WELCOME_TEXT_MAX_BYTES, unit: 'bytes', id: 'WECOM_WELCOME_TEXT' } },
        },
      } },
      optional: true, description: 'Text part.',
    },
    image: {
      type: { nesting: 'single', attributes: {
        media_id: { type: 'string', optional: true, description: 'Media id of an uploaded image (expires after 3 days).' },
        pic_url: { type: 'string', optional: true, description: 'URL of the image.' },
      } },
      optional: true, description: 'Image part: media_id or pic_url.',
    },
    link: {
      type: { nesting: 'single', attributes: {
        title: { type: 'string', required: true, description: 'Link title.' },
        url: { type: 'string', required: true, description: 'Link URL.' },
        picurl: { type: 'string', optional: true, description: 'Thumbnail URL.' },
        desc: { type: 'string', optional: true, description: 'Link description.' },
      } },
      optional: true, description: 'Link card part.',
    },
    miniprogram: {
      type: { nesting: 'single', attributes: {
        title: { type: 'string', required: true, description: 'Mini-program card title.' },
        pic_media_id: { type: 'string', required: true, description: 'Media id of the cover image.' },
        appid: { type: 'string', required: true, description: 'Mini-program appid.' },
        page: { type: 'string', required: true, description: 'Page path inside the mini-program.' },
      } },
      optional: true, description: 'Mini-program card part.',
    },
    agentid: { type: 'number', optional: true, description: 'App id the template belongs to, for self-built apps.' },
    notify: {
      type: 'bool', optional: true, default: true,
      description: 'Notify members that they can apply the template to their customer groups.',
    },
    template_id: { type: 'string', computed: true, description: 'Template id assigned by WeCom.' },
  },
};

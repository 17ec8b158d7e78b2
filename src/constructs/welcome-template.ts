// WelcomeTemplate: a customer group welcome message (`wecom_group_welcome_template`).

import { Construct } from 'constructs';
import { WecomGroupWelcomeTemplate, WecomGroupWelcomeTemplateConfig } from '../../generated/group-welcome-template';
import { ProblemDetail, groupWelcomeTemplateSchema } from '../schema';
import { addWecomValidation, attributesOf } from './validation';

export interface WelcomeImage {
  /** @default - none; give mediaId or picUrl */
  readonly mediaId?: string;
  /** @default - none; give mediaId or picUrl */
  readonly picUrl?: string;
}

export interface WelcomeLink {
  readonly title: string;
  readonly url: string;
  /** @default - none */
  readonly picUrl?: string;
  /** @default - none */
  readonly description?: string;
}

export interface WelcomeMiniprogram {
  readonly title: string;
  readonly picMediaId: string;
  readonly appId: string;
  readonly page: string;
}

export interface WelcomeTemplateProps {
  /**
   * Text, at most 3000 bytes; %NICKNAME% becomes the customer's nickname.
   * @default - no text
   */
  readonly text?: string;
  /** @default - no image */
  readonly image?: WelcomeImage;
  /** @default - no link */
  readonly link?: WelcomeLink;
  /** @default - no mini-program card */
  readonly miniprogram?: WelcomeMiniprogram;
  /**
   * Notify members that they can use the template.
   * @default true
   */
  readonly notify?: boolean;
  /**
   * Id of the app the template belongs to.
   * @default - the calling app
   */
  readonly agentId?: number;
}

export class WelcomeTemplate extends Construct {
  public readonly resource: WecomGroupWelcomeTemplate;
  public readonly text?: string;
  public readonly image?: WelcomeImage;
  public readonly link?: WelcomeLink;
  public readonly miniprogram?: WelcomeMiniprogram;
  public readonly notify: boolean;

  public constructor(scope: Construct, id: string, props: WelcomeTemplateProps) {
    super(scope, id);
    this.text = props.text;
    this.image = props.image;
    this.link = props.link;
    this.miniprogram = props.miniprogram;
    this.notify = props.notify ?? true;
    const config: WecomGroupWelcomeTemplateConfig = {
      text: props.text !== undefined ? { content: props.text } : undefined,
      image: props.image,
      link: props.link && { title: props.link.title, url: props.link.url, picurl: props.link.picUrl, desc: props.link.description },
      miniprogram: props.miniprogram && {
        title: props.miniprogram.title, picMediaId: props.miniprogram.picMediaId, appid: props.miniprogram.appId, page: props.miniprogram.page,
      },
      agentid: props.agentId,
      notify: this.notify,
    };
    this.resource = new WecomGroupWelcomeTemplate(this, 'Resource', config);
    this.node.defaultChild = this.resource;
    addWecomValidation(this, 'WelcomeTemplate', groupWelcomeTemplateSchema, () => attributesOf(groupWelcomeTemplateSchema, config), {
      fieldNames: { agentid: 'agentId' },
      checks: () => this.contentProblems(),
    });
  }

  /** Template id assigned by WeCom (known after apply). */
  public get templateId(): string {
    return this.resource.templateId;
  }

  private contentProblems(): ProblemDetail[] {
    const out: ProblemDetail[] = [];
    const hasText = this.text !== undefined && this.text !== '';
    if (!hasText && !this.image && !this.link && !this.miniprogram) {
      out.push({ id: 'WECOM_WELCOME_EMPTY', field: 'text/image/link/miniprogram', value: 'nothing', limit: 'some content', what: 'are all empty' });
    }
    if (this.image && !this.image.mediaId && !this.image.picUrl) {
      out.push({ id: 'WECOM_REQUIRED', field: 'image', value: '{}', limit: 'mediaId or picUrl', what: 'has neither mediaId nor picUrl' });
    }
    return out;
  }
}

// Tag: a directory tag (`wecom_tag`). App chats can draw members from it.

import { Construct } from 'constructs';
import { WecomTag, WecomTagConfig } from '../../generated/tag';
import { tagSchema } from '../schema';
import { DepartmentLike, departmentIdOf } from './department';
import { eachOnce, unorderedForSynth } from './lists';
import { UserLike, userIdOf } from './user';
import { addWecomValidation, attributesOf, duplicatesInStack, registerInStack } from './validation';

export interface TagProps {
  /** Tag name, unique in the corp; 1..32 characters. */
  readonly name: string;
  /**
   * Members carrying the tag.
   * @default - none
   */
  readonly users?: UserLike[];
  /**
   * Departments carrying the tag.
   * @default - none
   */
  readonly departments?: DepartmentLike[];
  /**
   * Tag id to create the tag with.
   * @default - WeCom assigns one
   */
  readonly tagId?: number;
}

/** Something that names a tag. */
export interface ITag {
  readonly tagId: number;
}

export type TagLike = number | ITag;

export function tagIdOf(t: TagLike): number {
  return typeof t === 'number' ? t : t.tagId;
}

export class Tag extends Construct implements ITag {
  public readonly resource: WecomTag;
  public readonly name: string;
  /** Userids as written (literal), for rule packs. */
  public readonly users: readonly string[];
  public readonly departments: readonly number[];

  public constructor(scope: Construct, id: string, props: TagProps) {
    super(scope, id);
    registerInStack(this, Tag);
    const attr = tagSchema.attributes;
    const users = eachOnce(attr.users, (props.users ?? []).map(userIdOf), (u) => u.literal);
    this.name = props.name;
    this.users = users.map((u) => u.literal);
    this.departments = eachOnce(attr.departments, (props.departments ?? []).map(departmentIdOf));
    const config: WecomTagConfig = {
      tagName: props.name,
      users: props.users ? unorderedForSynth(attr.users, users, (u) => u.literal).map((u) => u.synth) : undefined,
      departments: props.departments ? unorderedForSynth(attr.departments, this.departments) : undefined,
      tagId: props.tagId,
    };
    this.resource = new WecomTag(this, 'Resource', config);
    this.node.defaultChild = this.resource;
    addWecomValidation(this, 'Tag', tagSchema, () => ({
      ...attributesOf(tagSchema, config), users: props.users ? [...this.users] : undefined, departments: config.departments && [...this.departments],
    }), {
      fieldNames: { tag_name: 'name', tag_id: 'tagId' },
      checks: () => duplicatesInStack<Tag>(this, Tag, (t) => t.name, {
        id: 'WECOM_TAG_NAME_DUPLICATE', field: 'name', limit: 'one tag per name in a corp',
      }),
    });
  }

  /** Tag id: the given one, or a reference known after apply. */
  public get tagId(): number {
    return this.resource.tagIdInput ?? this.resource.tagId;
  }
}

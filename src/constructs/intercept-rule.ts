// InterceptRule: a sensitive-word intercept rule for customer chats (`wecom_intercept_rule`).

import { Construct } from 'constructs';
import { WecomInterceptRule, WecomInterceptRuleConfig } from '../../generated/intercept-rule';
import { INTERCEPT_TYPES, ProblemDetail, SEMANTICS, interceptRuleSchema } from '../schema';
import { DepartmentLike, departmentIdOf } from './department';
import { eachOnce, unorderedForSynth } from './lists';
import { UserLike, userIdOf } from './user';
import { addWecomValidation, attributesOf, duplicatesInStack, registerInStack } from './validation';

export type Semantic = keyof typeof SEMANTICS; // 'phone' | 'email' | 'redPacket'
export type InterceptType = keyof typeof INTERCEPT_TYPES; // 'warnAndBlock' | 'warnOnly'

export interface InterceptRuleProps {
  /** Rule name, unique in the corp; 1..20 characters. */
  readonly name: string;
  /** Sensitive words: 1..300, each 1..32 characters, no duplicates. */
  readonly words: string[];
  /**
   * Also intercept phone numbers, email addresses or red packets.
   * @default - none
   */
  readonly semantics?: Semantic[];
  /** "warnAndBlock" (intercept_type 1) or "warnOnly" (2). */
  readonly interceptType: InterceptType;
  /** Who the rule applies to; not both empty. */
  readonly appliesTo: {
    /** @default - none */
    readonly users?: UserLike[];
    /** @default - none */
    readonly departments?: DepartmentLike[];
  };
}

export class InterceptRule extends Construct {
  public readonly resource: WecomInterceptRule;
  public readonly name: string;
  public readonly words: readonly string[];
  public readonly semantics: readonly Semantic[];
  public readonly interceptType: InterceptType;
  /** Userids as written (each once). */
  public readonly users: readonly string[];
  public readonly departments: readonly number[];

  public constructor(scope: Construct, id: string, props: InterceptRuleProps) {
    super(scope, id);
    registerInStack(this, InterceptRule);
    const attr = interceptRuleSchema.attributes;
    const users = eachOnce(attr.applicable_users, (props.appliesTo.users ?? []).map(userIdOf), (u) => u.literal);
    this.name = props.name;
    this.words = eachOnce(attr.word_list, props.words);
    this.semantics = [...(props.semantics ?? [])];
    this.interceptType = props.interceptType;
    this.users = users.map((u) => u.literal);
    this.departments = eachOnce(attr.applicable_departments, (props.appliesTo.departments ?? []).map(departmentIdOf));
    // Unknown names pass through unmapped, so validation reports them as given.
    const code = <T extends Record<string, number>>(table: T, k: string): number => table[k] ?? (k as unknown as number);
    const config: WecomInterceptRuleConfig = {
      ruleName: props.name,
      wordList: unorderedForSynth(attr.word_list, this.words),
      semanticsList: this.semantics.length ? unorderedForSynth(attr.semantics_list, this.semantics.map((s) => code(SEMANTICS, s))) : undefined,
      interceptType: code(INTERCEPT_TYPES, props.interceptType),
      applicableUsers: users.length ? unorderedForSynth(attr.applicable_users, users, (u) => u.literal).map((u) => u.synth) : undefined,
      applicableDepartments: this.departments.length ? unorderedForSynth(attr.applicable_departments, this.departments) : undefined,
    };
    this.resource = new WecomInterceptRule(this, 'Resource', config);
    this.node.defaultChild = this.resource;
    addWecomValidation(this, 'InterceptRule', interceptRuleSchema, () => ({
      // as written, so messages' indexes point into the props
      ...attributesOf(interceptRuleSchema, config), applicable_users: users.length ? [...this.users] : undefined,
      word_list: [...this.words], applicable_departments: config.applicableDepartments && [...this.departments],
    }), {
      fieldNames: {
        rule_name: 'name', word_list: 'words', semantics_list: 'semantics', intercept_type: 'interceptType',
        applicable_users: 'appliesTo.users', applicable_departments: 'appliesTo.departments',
      },
      checks: () => [...this.rangeProblems(), ...duplicatesInStack<InterceptRule>(this, InterceptRule, (r) => r.name, {
        id: 'WECOM_RULE_NAME_DUPLICATE', field: 'name', limit: 'one rule per name in a corp',
      })],
    });
  }

  /** Rule id assigned by WeCom (known after apply). */
  public get ruleId(): string {
    return this.resource.ruleId;
  }

  private rangeProblems(): ProblemDetail[] {
    if (this.users.length || this.departments.length) return [];
    return [{ id: 'WECOM_RULE_RANGE', field: 'appliesTo', value: 'nobody', limit: 'some users or departments', what: 'is empty' }];
  }
}

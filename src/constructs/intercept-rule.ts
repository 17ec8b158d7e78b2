// InterceptRule: a sensitive-word intercept rule for customer chats (`wecom_intercept_rule`).

import { Construct } from 'constructs';
import { WecomInterceptRule, WecomInterceptRuleConfig } from '../../generated/intercept-rule';
import { INTERCEPT_TYPES, ProblemDetail, SEMANTICS, interceptRuleSchema } from '../schema';
import { DepartmentLike, departmentIdOf } from './department';
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
  /** Userids as written. */
  public readonly users: readonly string[];
  public readonly departments: readonly number[];

  public constructor(scope: Construct, id: string, props: InterceptRuleProps) {
    super(scope, id);
    registerInStack(this, InterceptRule);
    const users = (props.appliesTo.users ?? []).map(userIdOf);
    this.name = props.name;
    this.words = [...props.words];
    this.semantics = [...(props.semantics ?? [])];
    this.interceptType = props.interceptType;
    this.users = users.map((u) => u.literal);
    this.departments = (props.appliesTo.departments ?? []).map(departmentIdOf);
    // Unknown names pass through unmapped, so validation reports them as given.
    const code = <T extends Record<string, number>>(table: T, k: string): number => table[k] ?? (k as unknown as number);
    const config: WecomInterceptRuleConfig = {
      ruleName: props.name,
      wordList: [...this.words],
      semanticsList: this.semantics.length ? this.semantics.map((s) => code(SEMANTICS, s)) : undefined,
      interceptType: code(INTERCEPT_TYPES, props.interceptType),
      applicableUsers: users.length ? users.map((u) => u.synth) : undefined,
      applicableDepartments: this.departments.length ? [...this.departments] : undefined,
    };
    this.resource = new WecomInterceptRule(this, 'Resource', config);
    this.node.defaultChild = this.resource;
    addWecomValidation(this, 'InterceptRule', interceptRuleSchema, () => ({
      ...attributesOf(interceptRuleSchema, config), applicable_users: users.length ? [...this.users] : undefined,
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

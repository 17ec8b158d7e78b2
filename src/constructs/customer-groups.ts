// CustomerGroups: a lookup of customer groups (`wecom_customer_groups` data source). People
// create customer groups; IaC can only find them, e.g. to list them in a JoinWay.

import { Construct } from 'constructs';
import { DataWecomCustomerGroups, DataWecomCustomerGroupsConfig } from '../../generated/data-customer-groups';
import { CUSTOMER_GROUP_STATUS, customerGroupsDataSchema } from '../schema';
import { IResolvable } from '../cdktf';
import { eachOnce, unorderedForSynth } from './lists';
import { UserLike, userIdOf } from './user';
import { addWecomValidation, attributesOf } from './validation';

export type CustomerGroupStatus = keyof typeof CUSTOMER_GROUP_STATUS;

export interface CustomerGroupsProps {
  /**
   * Only groups owned by these members (at most 100).
   * @default - groups of every owner
   */
  readonly owners?: UserLike[];
  /**
   * Only groups in this state.
   * @default 'normal'
   */
  readonly status?: CustomerGroupStatus;
}

export class CustomerGroups extends Construct {
  public readonly resource: DataWecomCustomerGroups;
  /** Owner userids as written. */
  public readonly owners: readonly string[];
  public readonly status: CustomerGroupStatus;

  public constructor(scope: Construct, id: string, props: CustomerGroupsProps = {}) {
    super(scope, id);
    const attr = customerGroupsDataSchema.attributes.owners;
    const owners = eachOnce(attr, (props.owners ?? []).map(userIdOf), (o) => o.literal);
    this.owners = owners.map((o) => o.literal);
    this.status = props.status ?? 'normal';
    const config: DataWecomCustomerGroupsConfig = {
      owners: owners.length ? unorderedForSynth(attr, owners, (o) => o.literal).map((o) => o.synth) : undefined,
      status: CUSTOMER_GROUP_STATUS[this.status] ?? (this.status as unknown as number),
    };
    this.resource = new DataWecomCustomerGroups(this, 'Resource', config);
    this.node.defaultChild = this.resource;
    addWecomValidation(this, 'CustomerGroups', customerGroupsDataSchema, () => ({
      ...attributesOf(customerGroupsDataSchema, config), owners: owners.length ? [...this.owners] : undefined,
    }));
  }

  /** Chat ids of the groups found (known at plan time). */
  public get chatIds(): string[] {
    return this.resource.chatIds;
  }

  /** The groups found: chat_id, name, owner, status. */
  public get groups(): IResolvable {
    return this.resource.groups;
  }
}

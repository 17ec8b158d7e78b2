// User.fromId: a `wecom_user` data source. Using it instead of a plain userid makes Terraform
// read the user first, so a typo or a departed member fails the plan, not the apply.

import { Construct } from 'constructs';
import { DataWecomUser } from '../../generated/data-user';
import { userDataSchema } from '../schema';
import { addWecomValidation, attributesOf } from './validation';

/** Something that names a WeCom member. */
export interface IUser {
  /** Userid as synthesized: a reference to the lookup, so Terraform reads it first. */
  readonly userId: string;
  /** Userid as written in code, for synth-time checks and rule packs. */
  readonly literalUserId: string;
}

/** A userid, or a looked-up user. */
export type UserLike = string | IUser;

/** What to synthesize and what to validate for a UserLike. */
export function userIdOf(u: UserLike): { synth: string; literal: string } {
  return typeof u === 'string' ? { synth: u, literal: u } : { synth: u.userId, literal: u.literalUserId };
}

export class User extends Construct implements IUser {
  /** Looks up the member with this userid (data source `wecom_user`). */
  public static fromId(scope: Construct, id: string, userId: string): User {
    return new User(scope, id, userId);
  }

  public readonly literalUserId: string;
  public readonly resource: DataWecomUser;

  private constructor(scope: Construct, id: string, userId: string) {
    super(scope, id);
    this.literalUserId = userId;
    this.resource = new DataWecomUser(this, 'Resource', { userid: userId });
    this.node.defaultChild = this.resource;
    addWecomValidation(this, 'User', userDataSchema, () => attributesOf(userDataSchema, { userid: userId }), {
      fieldNames: { userid: 'userId' },
    });
  }

  public get userId(): string {
    return this.resource.userid;
  }

  /** Display name (known at plan time). */
  public get displayName(): string {
    return this.resource.name;
  }

  /** 1 active, 2 disabled, 4 not activated, 5 left the company (known at plan time). */
  public get status(): number {
    return this.resource.status;
  }

  public get departmentIds(): number[] {
    return this.resource.departments;
  }
}

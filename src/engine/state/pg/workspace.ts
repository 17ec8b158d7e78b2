// Workspace names as Terraform accepts them (`terraform workspace new`: the name must equal its
// url.PathEscape form). cdktf stacks use `default`; each name is one row of `states`.
import { PgConfigError } from './errors';

export const DEFAULT_WORKSPACE = 'default';

/** Go's url.PathEscape leaves these alone (letters, digits, - _ . ~ $ & + : = @). */
const VALID = /^[A-Za-z0-9\-_.~$&+:=@]+$/;

export function checkWorkspaceName(name: string): string {
  if (!VALID.test(name)) {
    throw new PgConfigError(`invalid workspace name ${JSON.stringify(name)}: use letters, digits and - _ . ~ $ & + : = @ (as Terraform requires)`);
  }
  return name;
}

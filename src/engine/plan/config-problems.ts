// The schema's limits checked on a resolved config (references resolved, what only apply knows
// UNKNOWN and skipped). The planner checks every block with it; terraform-provider-wecom's
// Validate RPCs too, which is why it lives apart from the planner: validating must not load the
// engine and the WeCom client into a provider process Terraform starts only to validate.
import { ObjectSchema, Problem, validateAttributes } from '../../schema';
import { containsUnknown } from '../config/expressions';
import type { Attrs } from './model';

export function configProblems(schema: ObjectSchema, config: Attrs, path?: string): Problem[] {
  return validateAttributes(schema, config, { path, kind: schema.name, isUnresolved: (v) => containsUnknown(v), reportUnknown: false });
}

// ValidateProviderConfig / ValidateResourceConfig / ValidateDataResourceConfig: the schema's
// limits (the same configProblems the engine's planner checks), unknown values skipped.
import { configProblems } from '../../engine/plan/config-problems';
import { getSchema, ObjectSchema, PROVIDER_SCHEMA, Problem } from '../../schema';
import { decodeObject } from '../cty-msgpack';
import { Diagnostic, SEVERITY_ERROR } from '../session';

type Request = { type_name?: string; config?: { msgpack?: Buffer } };

function diagnostics(problems: Problem[]): Diagnostic[] {
  return problems.map((p) => ({
    severity: SEVERITY_ERROR,
    summary: p.message,
    // `word_list[3]` and `link.title` point at their top-level attribute.
    attribute: { steps: [{ attribute_name: p.field.split(/[.[]/)[0] }] },
  }));
}

function validate(schema: ObjectSchema | undefined, req: Request): { diagnostics: Diagnostic[] } {
  if (!schema) return { diagnostics: [{ severity: SEVERITY_ERROR, summary: `unknown type ${req.type_name}` }] };
  const config = decodeObject(schema, req.config?.msgpack) ?? {};
  return { diagnostics: diagnostics(configProblems(schema, config)) };
}

export const validateProviderConfig = (req: Request) => validate(PROVIDER_SCHEMA, req);
export const validateResourceConfig = (req: Request) => validate(getSchema(String(req.type_name), 'resource'), req);
export const validateDataResourceConfig = (req: Request) => validate(getSchema(String(req.type_name), 'data'), req);

// How schema names map to TypeScript names: one rule for the L1 generator and the constructs.

import type { ObjectSchema } from './types';

export function camelCase(snake: string): string {
  return snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

export function pascalCase(snake: string): string {
  const c = camelCase(snake);
  return c.charAt(0).toUpperCase() + c.slice(1);
}

/** `wecom_app_chat` -> `app_chat`; the provider keeps its name. */
function shortName(schema: ObjectSchema): string {
  return schema.name.replace(/^wecom_/, '');
}

/** L1 class name: `WecomAppChat`, `DataWecomDepartment`, `WecomTerraformProvider`. */
export function l1ClassName(schema: ObjectSchema): string {
  if (schema.kind === 'provider') return 'WecomTerraformProvider';
  const base = pascalCase(schema.name);
  return schema.kind === 'data' ? `Data${base}` : base;
}

/** File under generated/, without extension: `app-chat`, `data-department`, `provider`. */
export function l1FileName(schema: ObjectSchema): string {
  if (schema.kind === 'provider') return 'provider';
  const base = shortName(schema).replace(/_/g, '-');
  return schema.kind === 'data' ? `data-${base}` : base;
}

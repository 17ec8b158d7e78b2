// null_resource (hashicorp/null): no API at all. Robot announcements are modelled with it, so
// its Terraform semantics matter: a change of `triggers` replaces it, and the replacement runs
// its create-time local-exec provisioners again (the applier runs provisioners).
import { randomInt } from 'node:crypto';
import type { ResourceSchema } from '../../schema';
import { Attrs, ResourceHandler } from './types';

export const nullResourceSchema: ResourceSchema = {
  kind: 'resource',
  name: 'null_resource',
  version: 0,
  description: 'hashicorp/null null_resource: runs provisioners when its triggers change.',
  attributes: {
    id: { type: 'string', computed: true, description: 'Random id, as the null provider makes.' },
    triggers: { type: { nesting: 'single', attributes: {} }, optional: true, forceNew: true, description: 'Arbitrary map; any change replaces the resource.' },
  },
};

export const nullResourceHandler: ResourceHandler = {
  type: 'null_resource',
  schema: nullResourceSchema,
  async plan(_ctx, { config, prior }) {
    const triggers = (config.triggers as Attrs | undefined) ?? null;
    return { after: { id: prior?.id ?? undefined, triggers } };
  },
  async read(_ctx, prior) {
    return prior;
  },
  async create(_ctx, planned) {
    // Terraform's null provider uses a random decimal id.
    return { ...planned, id: String(randomInt(1, 2 ** 47)) + String(randomInt(0, 10 ** 6)).padStart(6, '0') };
  },
  async update(_ctx, _prior, planned) {
    return planned;
  },
  async delete() {
    /* nothing to call */
  },
  async import(_ctx, id) {
    return { id, triggers: null };
  },
};

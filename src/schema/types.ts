// The schema DSL: plain data describing every WeCom resource, data source and the provider.
// One description drives the L1 generator, construct validation, the engine's diff, the
// simulator's checks and the Terraform provider schema, so it holds no functions and no I/O.

import type { ValidationId } from './validation-ids';

export type ScalarType = 'string' | 'number' | 'bool';

/**
 * 'list': the order means something to WeCom (a join way's groups fill in order).
 * 'unordered': a normalised list. Terraform sees list(T), which it compares element by element;
 * a cty set(T) is re-sorted at every traversal, which made plans of 1,000 chats 3-4x slower
 * (docs/benchmarks.md). Both engines compare it as a set, each value may appear once, and it is
 * kept in sorted order (sortedUnique) unless state already holds the same values in another.
 */
export interface CollectionType {
  readonly collection: 'list' | 'unordered';
  readonly element: 'string' | 'number';
}

/** Attributes nested in an object (`single`) or a list of objects (`list`). One level deep. */
export interface NestedType {
  readonly nesting: 'single' | 'list';
  readonly attributes: Readonly<Record<string, AttributeSchema>>;
}

export type AttributeType = ScalarType | CollectionType | NestedType;

/** Length of a string, in UTF-8 characters (code points) or bytes. */
export interface LengthConstraint {
  readonly min?: number;
  readonly max?: number;
  readonly unit: 'chars' | 'bytes';
  readonly id: ValidationId;
}

/** Number of items of a collection. */
export interface ItemsConstraint {
  readonly min?: number;
  readonly max?: number;
  readonly id: ValidationId;
  /** What the items are called in messages ("users", "words"); default "items". */
  readonly noun?: string;
}

export interface RangeConstraint {
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
  readonly id: ValidationId;
}

export interface PatternConstraint {
  readonly regex: RegExp;
  /** What is allowed, for messages and docs ("at most 32 characters of [0-9a-zA-Z]"). */
  readonly allowed: string;
  readonly id: ValidationId;
}

export interface OneOfConstraint {
  readonly values: readonly (string | number)[];
  readonly id: ValidationId;
}

/** Checks of one value: a scalar, or each element of a collection. */
export interface ValueConstraints {
  readonly length?: LengthConstraint;
  readonly pattern?: PatternConstraint;
  readonly range?: RangeConstraint;
  readonly oneOf?: OneOfConstraint;
  /** The value names an environment variable; a value that looks like a secret is reported redacted. */
  readonly envVarName?: { readonly id: ValidationId; readonly secretId: ValidationId };
}

export interface AttributeSchema {
  readonly type: AttributeType;
  /** One or two sentences for docs and the provider schema. */
  readonly description: string;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
  /** A change destroys and re-creates the object (Terraform's RequiresReplace). */
  readonly forceNew?: boolean;
  /** Value the provider assumes when the attribute is omitted. */
  readonly default?: string | number | boolean;
  /** Strings (or set elements) compare case-insensitively, as WeCom userids do. */
  readonly caseInsensitive?: boolean;
  /** Constraints on the value (scalars) or on each element (collections). */
  readonly constraints?: ValueConstraints;
  /** Item count of a collection. */
  readonly items?: ItemsConstraint;
  /** Duplicates in a list, or in the array given for a set, are reported under this id. */
  readonly unique?: { readonly id: ValidationId };
  /**
   * State stores null when the value holds the same elements as this other attribute (both
   * unordered lists): a chat of named people keeps its members once, not twice. Terraform's plan
   * time grows with every list element an instance holds, so this halves it for such chats.
   * Handlers always see the full value (expandSameAs); null stays "same as", never "none".
   */
  readonly sameAs?: string;
  /**
   * What a plan reviewer sees changing here: plans list members/departments/words added and
   * removed, and owner changes, from the attributes that carry these roles.
   */
  readonly review?: ReviewRole;
}

export type ReviewRole = 'members' | 'departments' | 'owner' | 'words';

export type SchemaKind = 'provider' | 'resource' | 'data';

export interface ObjectSchema {
  readonly kind: SchemaKind;
  /** Terraform type name: `wecom_app_chat`, `wecom_department`, `wecom` for the provider. */
  readonly name: string;
  /** Schema version; bump when the stored state shape changes (state must then be upgraded). */
  readonly version: number;
  readonly description: string;
  readonly attributes: Readonly<Record<string, AttributeSchema>>;
}

export type ProviderSchema = ObjectSchema & { readonly kind: 'provider' };
export type ResourceSchema = ObjectSchema & { readonly kind: 'resource' };
export type DataSourceSchema = ObjectSchema & { readonly kind: 'data' };

export function isCollection(t: AttributeType): t is CollectionType {
  return typeof t === 'object' && 'collection' in t;
}

export function isNested(t: AttributeType): t is NestedType {
  return typeof t === 'object' && 'nesting' in t;
}

export const unorderedListOf = (element: 'string' | 'number'): CollectionType => ({ collection: 'unordered', element });
export const listOf = (element: 'string' | 'number'): CollectionType => ({ collection: 'list', element });

/** Environment variable names: the only way secrets enter configuration. */
export const ENV_VAR_NAME_PATTERN = /^[A-Z_][A-Z0-9_]*$/;

/** The computed `id` every resource and data source carries (Terraform's instance identity). */
export const ID_ATTRIBUTE: AttributeSchema = {
  type: 'string',
  computed: true,
  description: 'Identity of the object in Terraform state.',
};

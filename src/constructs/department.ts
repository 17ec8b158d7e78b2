// Department.fromPath / Department.fromId: a `wecom_department` data source. A department used
// as chat members includes its sub-departments (resolved at plan time).

import { Construct } from 'constructs';
import { DataWecomDepartment } from '../../generated/data-department';
import { departmentDataSchema } from '../schema';
import { addWecomValidation, attributesOf } from './validation';

/** Something that names a department. */
export interface IDepartment {
  /** Department id: a literal for fromId, a reference for fromPath. */
  readonly departmentId: number;
}

/** A department id, or a looked-up department. */
export type DepartmentLike = number | IDepartment;

export function departmentIdOf(d: DepartmentLike): number {
  return typeof d === 'number' ? d : d.departmentId;
}

export class Department extends Construct implements IDepartment {
  /**
   * Looks up a department by its names from below the root, joined by "/": `技术部/后端`.
   * The id is known at plan time.
   */
  public static fromPath(scope: Construct, id: string, namePath: string): Department {
    return new Department(scope, id, { namePath });
  }

  /** Looks up a department by id (the root department is 1). */
  public static fromId(scope: Construct, id: string, departmentId: number): Department {
    return new Department(scope, id, { departmentId });
  }

  public readonly resource: DataWecomDepartment;
  /** The name path looked up, when looked up by path. */
  public readonly namePath?: string;
  /** The id looked up, when looked up by id. */
  public readonly literalDepartmentId?: number;

  private constructor(scope: Construct, id: string, lookup: { namePath?: string; departmentId?: number }) {
    super(scope, id);
    this.namePath = lookup.namePath;
    this.literalDepartmentId = lookup.departmentId;
    this.resource = new DataWecomDepartment(this, 'Resource', lookup);
    this.node.defaultChild = this.resource;
    addWecomValidation(this, 'Department', departmentDataSchema, () => attributesOf(departmentDataSchema, lookup), {
      fieldNames: { department_id: 'departmentId', name_path: 'namePath' },
    });
  }

  public get departmentId(): number {
    return this.literalDepartmentId ?? this.resource.departmentId;
  }

  /** Department name (known at plan time). */
  public get departmentName(): string {
    return this.resource.name;
  }

  public get parentId(): number {
    return this.resource.parentId;
  }
}

import type { z } from 'zod';
import type { ErrorCode } from '../errors/error-code.constants';
import type { Role } from '../identity/role.schema';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** A documented response header: its JSON Schema type is enough for the document. */
export interface HeaderSpec {
  description: string;
  schema: z.ZodType;
}

/** A success response: a body schema (JSON), or a description alone for bodiless answers (204, 304, 101). */
export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  headers?: Readonly<Record<string, HeaderSpec>>;
}

export interface OperationRequest {
  params?: z.ZodObject;
  query?: z.ZodObject;
  headers?: z.ZodObject;
  body?: z.ZodType;
}

export interface OperationDefinition {
  method: HttpMethod;
  /** OpenAPI path template, e.g. `/api/v1/entities/{id}`. */
  path: string;
  /** Unique across the document; clients generate method names from it. */
  operationId: string;
  summary: string;
  description?: string;
  tags: readonly string[];
  /** No JWT needed (health and docs only). */
  public?: boolean;
  /** Lowest role allowed; shown in the description. */
  role?: Role;
  request?: OperationRequest;
  responses: Readonly<Partial<Record<number, z.ZodType | ResponseSpec>>>;
  /** Errors specific to this operation; the common ones (auth, limits, upstream) are added by the builder. */
  errors: readonly ErrorCode[];
}

/** Identity, typed: keeps each part's literal definitions checked against the shape. */
export function defineOperation(operation: OperationDefinition): OperationDefinition {
  return operation;
}

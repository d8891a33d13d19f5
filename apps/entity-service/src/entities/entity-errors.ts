import { ErrorCode } from '@forecastin/contracts';
import { AppError } from '@forecastin/lifecycle';

/** The entity errors every use case shares, with one wording each. */
export const entityNotFound = (): AppError => new AppError(ErrorCode.RESOURCE_NOT_FOUND, 'Entity not found');

export const parentNotFound = (): AppError =>
  new AppError(ErrorCode.RESOURCE_NOT_FOUND, 'Parent entity not found', [{ field: 'parent_id', message: 'no entity with this id' }]);

export const keyTaken = (key: string): AppError =>
  new AppError(ErrorCode.RESOURCE_ALREADY_EXISTS, 'An entity with this key already exists under that parent', [
    { field: 'key', message: `key "${key}" is already used by a sibling` },
  ]);

export const tooDeep = (depth: number, max: number): AppError =>
  new AppError(ErrorCode.RESOURCE_CONFLICT, `The tree would be ${depth} levels deep; at most ${max} are allowed`, [
    { field: 'parent_id', message: `paths are at most ${max} levels deep` },
  ]);

export const versionMismatch = (): AppError =>
  new AppError(ErrorCode.PRECONDITION_FAILED, 'If-Match does not match the current version of the entity');

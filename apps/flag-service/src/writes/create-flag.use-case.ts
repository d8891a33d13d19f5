import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ErrorCode, flagSchema, type CreateFlagBody, type Flag, type ForwardedIdentity } from '@forecastin/contracts';
import { AppError } from '@forecastin/lifecycle';
import { flagRepository } from '../storage/flag.repository';
import { toFlag } from '../storage/flag-row.mapper';
import { idempotencyRepository } from '../storage/idempotency.repository';
import { diffFlags } from './flag-diff';
import { FlagWriter } from './flag-write.transaction';

@Injectable()
export class CreateFlagUseCase {
  constructor(private readonly writer: FlagWriter) {}

  /**
   * With an `Idempotency-Key`, a retry of the same body by the same caller answers the flag as
   * first created (even if it changed since); the same key with another body is 409. The lookup
   * runs under the writers' lock, so two concurrent retries cannot both create.
   */
  execute(body: CreateFlagBody, identity: ForwardedIdentity, idempotencyKey?: string): Promise<Flag> {
    const { key, ...definition } = body;
    const requestHash = createHash('sha256').update(JSON.stringify(body)).digest('base64url');
    return this.writer.run(identity, async (write) => {
      if (idempotencyKey !== undefined) {
        const earlier = await idempotencyRepository.find(write.manager, identity.sub, idempotencyKey);
        if (earlier && earlier.requestHash !== requestHash) {
          throw new AppError(ErrorCode.RESOURCE_CONFLICT, 'this Idempotency-Key was used with another request body', [{ field: 'Idempotency-Key', message: 'already used with another body' }]);
        }
        if (earlier) return flagSchema.parse(earlier.response);
      }
      if (await flagRepository.find(write.manager, key)) throw new AppError(ErrorCode.RESOURCE_ALREADY_EXISTS, `flag ${JSON.stringify(key)} already exists`);
      await write.checkDependencies(key, definition);
      const row = await flagRepository.insert(write.manager, key, definition, write.stamp);
      write.changed(row, 'created', diffFlags(undefined, definition));
      const flag = toFlag(row);
      if (idempotencyKey !== undefined) await idempotencyRepository.save(write.manager, identity.sub, idempotencyKey, requestHash, flag);
      return flag;
    });
  }
}

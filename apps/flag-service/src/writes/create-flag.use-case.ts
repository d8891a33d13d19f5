import { Injectable } from '@nestjs/common';
import { ErrorCode, type CreateFlagBody, type Flag, type ForwardedIdentity } from '@forecastin/contracts';
import { AppError } from '@forecastin/lifecycle';
import { flagRepository } from '../storage/flag.repository';
import { toFlag } from '../storage/flag-row.mapper';
import { diffFlags } from './flag-diff';
import { FlagWriter } from './flag-write.transaction';

@Injectable()
export class CreateFlagUseCase {
  constructor(private readonly writer: FlagWriter) {}

  execute(body: CreateFlagBody, identity: ForwardedIdentity): Promise<Flag> {
    const { key, ...definition } = body;
    return this.writer.run(identity, async (write) => {
      if (await flagRepository.find(write.manager, key)) throw new AppError(ErrorCode.RESOURCE_ALREADY_EXISTS, `flag ${JSON.stringify(key)} already exists`);
      await write.checkDependencies(key, definition);
      const row = await flagRepository.insert(write.manager, key, definition, write.stamp);
      write.changed(row, 'created', diffFlags(undefined, definition));
      return toFlag(row);
    });
  }
}

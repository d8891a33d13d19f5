import { Injectable } from '@nestjs/common';
import { ErrorCode, type ForwardedIdentity } from '@forecastin/contracts';
import { AppError } from '@forecastin/lifecycle';
import { flagRepository } from '../storage/flag.repository';
import { definitionOf } from '../storage/flag-row.mapper';
import { dependentsOf } from './dependency-graph';
import { diffFlags } from './flag-diff';
import { FlagWriter } from './flag-write.transaction';
import { requireFlag, requireVersion } from './preconditions';

@Injectable()
export class DeleteFlagUseCase {
  constructor(private readonly writer: FlagWriter) {}

  /** 409 while other flags depend on it: deleting it would silently turn them off (the rename bug the issue recalls). */
  execute(key: string, ifMatch: string | undefined, identity: ForwardedIdentity): Promise<void> {
    return this.writer.run(identity, async (write) => {
      const current = requireFlag(await flagRepository.find(write.manager, key, { lock: true }), key);
      requireVersion(current, ifMatch);
      const dependents = dependentsOf(key, await flagRepository.dependencyEdges(write.manager));
      if (dependents.length > 0) {
        throw new AppError(ErrorCode.RESOURCE_CONFLICT, `flags depend on ${JSON.stringify(key)}: ${dependents.join(', ')}`);
      }
      await flagRepository.delete(write.manager, key);
      write.deleted(current, diffFlags(definitionOf(current), undefined));
    });
  }
}

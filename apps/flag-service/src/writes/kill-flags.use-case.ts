import { Injectable } from '@nestjs/common';
import type { ForwardedIdentity } from '@forecastin/contracts';
import { flagRepository } from '../storage/flag.repository';
import { definitionOf } from '../storage/flag-row.mapper';
import { diffFlags } from './flag-diff';
import { FlagWriter } from './flag-write.transaction';

/**
 * Emergency rollback: disables every enabled flag carrying `tag` in one transaction, with one
 * `killed` audit entry and one event per flag. Flags already off are left untouched (no version).
 */
@Injectable()
export class KillFlagsUseCase {
  constructor(private readonly writer: FlagWriter) {}

  execute(tag: string, identity: ForwardedIdentity): Promise<{ tag: string; disabled: string[] }> {
    return this.writer.run(identity, async (write) => {
      const disabled: string[] = [];
      for (const current of await flagRepository.enabledWithTag(write.manager, tag)) {
        const before = definitionOf(current);
        const after = { ...before, enabled: false };
        const row = await flagRepository.update(write.manager, current.key, after, write.stamp);
        write.changed(row, 'killed', diffFlags(before, after));
        disabled.push(row.key);
      }
      return { tag, disabled };
    });
  }
}

import { Injectable } from '@nestjs/common';
import type { Flag, FlagDefinition, ForwardedIdentity, ReplaceFlagBody, UpdateFlagBody } from '@forecastin/contracts';
import { flagRepository } from '../storage/flag.repository';
import { definitionOf, toFlag, type FlagRow } from '../storage/flag-row.mapper';
import { diffFlags } from './flag-diff';
import { FlagWriter } from './flag-write.transaction';
import { requireFlag, requireVersion } from './preconditions';

/** PUT (the whole definition) and PATCH (JSON merge patch of the writable fields). */
@Injectable()
export class UpdateFlagUseCase {
  constructor(private readonly writer: FlagWriter) {}

  replace(key: string, body: ReplaceFlagBody, ifMatch: string | undefined, identity: ForwardedIdentity): Promise<Flag> {
    return this.update(key, ifMatch, identity, () => body);
  }

  /** Top-level fields replace the stored ones; arrays are replaced whole (RFC 7396). */
  patch(key: string, patch: UpdateFlagBody, ifMatch: string | undefined, identity: ForwardedIdentity): Promise<Flag> {
    return this.update(key, ifMatch, identity, (current) => ({ ...definitionOf(current), ...patch }));
  }

  private update(key: string, ifMatch: string | undefined, identity: ForwardedIdentity, next: (current: FlagRow) => FlagDefinition): Promise<Flag> {
    return this.writer.run(identity, async (write) => {
      const current = requireFlag(await flagRepository.find(write.manager, key, { lock: true }), key);
      requireVersion(current, ifMatch);
      const definition = next(current);
      const diff = diffFlags(definitionOf(current), definition);
      // Nothing changed: no new version, no audit entry, no event.
      if (Object.keys(diff).length === 0) return toFlag(current);
      await write.checkDependencies(key, definition);
      const row = await flagRepository.update(write.manager, key, definition, write.stamp);
      write.changed(row, 'updated', diff);
      return toFlag(row);
    });
  }
}

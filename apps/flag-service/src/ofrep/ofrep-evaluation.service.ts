import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { ForwardedIdentity, OfrepBulkEvaluation, OfrepContext } from '@forecastin/contracts';
import { FlagStoreDependency } from '../live/flag-store.dependency';
import { toEvaluationContext } from './ofrep-context.mapper';
import { toOfrepResult, type OfrepResult } from './ofrep-result.mapper';

/** OFREP evaluation from the in-memory snapshot: no database or network on this path. */
@Injectable()
export class OfrepEvaluationService {
  constructor(private readonly flags: FlagStoreDependency) {}

  evaluate(key: string, context: OfrepContext, identity: ForwardedIdentity): OfrepResult {
    const snapshot = this.flags.store.current;
    return toOfrepResult(snapshot.evaluator.evaluate(key, toEvaluationContext(context, identity)), snapshot.get(key));
  }

  /**
   * Every flag for one context, with an ETag over the answer itself: it changes exactly when what
   * this caller would see changes (a flag edit, or a date constraint passing), so `If-None-Match` → 304
   * is safe for any context. Keys sorted so the tag does not depend on load order.
   */
  evaluateAll(context: OfrepContext, identity: ForwardedIdentity): { body: OfrepBulkEvaluation; etag: string } {
    const snapshot = this.flags.store.current;
    const evaluations = snapshot.evaluator.evaluateAll(toEvaluationContext(context, identity));
    const flags = evaluations
      .map((evaluation) => toOfrepResult(evaluation, snapshot.get(evaluation.key)).body)
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const body = { flags };
    const etag = `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 27)}"`;
    return { body, etag };
  }
}

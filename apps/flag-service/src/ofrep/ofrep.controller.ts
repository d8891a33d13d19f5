import { Body, Controller, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { flagKeySchema, type ForwardedIdentity, type OfrepBulkEvaluation, type OfrepBulkFailure, type OfrepEvaluation, type OfrepEvaluationFailure } from '@forecastin/contracts';
import { CurrentIdentity } from '@forecastin/lifecycle';
import type { FastifyReply } from 'fastify';
import { etagMatches } from '../http/entity-tag';
import { OfrepEvaluationService } from './ofrep-evaluation.service';
import { parseOfrepRequest } from './ofrep-request.parser';

/**
 * OpenFeature Remote Evaluation Protocol (open-feature/protocol `service/openapi.yaml`). Its
 * failures use OFREP's own shapes (`{key, errorCode, errorDetails}`, bulk `{errorCode,
 * errorDetails}`), which OpenFeature providers understand, not the API error envelope.
 */
@Controller('ofrep/v1/evaluate')
export class OfrepController {
  constructor(private readonly evaluation: OfrepEvaluationService) {}

  @Post('flags/:key')
  @HttpCode(200)
  evaluate(
    @Param('key') key: string,
    @Body() body: unknown,
    @CurrentIdentity() identity: ForwardedIdentity,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): OfrepEvaluation | OfrepEvaluationFailure {
    // A key no flag can have is simply not found (what a provider expects), not a validation error.
    if (!flagKeySchema.safeParse(key).success) {
      void reply.status(404);
      return { key, errorCode: 'FLAG_NOT_FOUND', errorDetails: `no flag ${JSON.stringify(key)}` };
    }
    const request = parseOfrepRequest(body);
    if (!request.ok) {
      void reply.status(400);
      return { key, errorCode: request.errorCode, errorDetails: request.errorDetails };
    }
    const result = this.evaluation.evaluate(key, request.context, identity);
    if (!result.ok) void reply.status(result.status);
    return result.body;
  }

  @Post('flags')
  @HttpCode(200)
  evaluateAll(
    @Body() body: unknown,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @CurrentIdentity() identity: ForwardedIdentity,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): OfrepBulkEvaluation | OfrepBulkFailure | undefined {
    const request = parseOfrepRequest(body);
    if (!request.ok) {
      void reply.status(400);
      return { errorCode: request.errorCode, errorDetails: request.errorDetails };
    }
    const { body: answer, etag } = this.evaluation.evaluateAll(request.context, identity);
    void reply.header('etag', etag);
    if (ifNoneMatch !== undefined && etagMatches(ifNoneMatch, etag)) {
      void reply.status(304);
      return undefined;
    }
    return answer;
  }
}

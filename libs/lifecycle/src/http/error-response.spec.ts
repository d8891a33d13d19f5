import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import { ErrorCode } from '@forecastin/contracts';
import { z } from 'zod';
import { AppError } from './app-error';
import { toErrorResponse } from './error-response';

const fastifyError = (code: string, statusCode: number) => Object.assign(new Error(code), { code, statusCode });

describe('toErrorResponse', () => {
  it('keeps an AppError code, message and details', () => {
    const response = toErrorResponse(new AppError(ErrorCode.RESOURCE_CONFLICT, 'Key taken', [{ field: 'key', message: 'exists' }]), 'req_1');
    expect(response).toEqual({
      status: 409,
      body: { error: { code: 'RESOURCE_CONFLICT', message: 'Key taken', details: [{ field: 'key', message: 'exists' }], request_id: 'req_1' } },
    });
  });

  it('turns a ZodError into VALIDATION_ERROR with field paths', () => {
    const parsed = z.object({ location: z.object({ lat: z.number() }) }).safeParse({ location: { lat: 'x' } });
    if (parsed.success) throw new Error('expected a failure');
    const response = toErrorResponse(parsed.error, 'req_2');
    expect(response.status).toBe(400);
    expect(response.body.error.details?.[0]?.field).toBe('location.lat');
  });

  it.each([
    ['FST_ERR_CTP_INVALID_MEDIA_TYPE', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['FST_ERR_CTP_BODY_TOO_LARGE', 413, 'PAYLOAD_TOO_LARGE'],
    ['FST_ERR_CTP_EMPTY_JSON_BODY', 400, 'INVALID_JSON'],
    ['FST_ERR_CTP_INVALID_JSON_BODY', 400, 'INVALID_JSON'],
  ])('maps Fastify %s (raw or wrapped by Nest) to %i %s', (code, status, expected) => {
    for (const thrown of [fastifyError(code, status), new HttpException('x', status, { cause: fastifyError(code, status) })]) {
      const response = toErrorResponse(thrown, 'req_3');
      expect(response.status).toBe(status);
      expect(response.body.error.code).toBe(expected);
    }
  });

  it('answers an unmatched route with ROUTE_NOT_FOUND', () => {
    expect(toErrorResponse(new NotFoundException('Cannot GET /nope'), 'r').body.error.code).toBe('ROUTE_NOT_FOUND');
  });

  it('keeps the status of other client errors', () => {
    const response = toErrorResponse(new BadRequestException('bad'), 'r');
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_ERROR');
  });

  it('hides unexpected errors behind an error id', () => {
    const response = toErrorResponse(new Error('connection string postgres://secret@db leaked'), 'req_4');
    expect(response.status).toBe(500);
    expect(response.errorId).toMatch(/^err_[0-9a-f-]{36}$/);
    expect(response.body).toEqual({ error: { code: 'INTERNAL_ERROR', message: 'Internal server error', request_id: 'req_4', error_id: response.errorId } });
  });
});

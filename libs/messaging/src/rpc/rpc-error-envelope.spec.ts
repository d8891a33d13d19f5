import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { ErrorCode, errorEnvelopeSchema } from '@forecastin/contracts';
import { z } from 'zod';
import { RpcError, RpcValidationError } from '../errors/messaging.errors';
import { toRpcErrorEnvelope } from './rpc-error-envelope';

const REQUEST_ID = 'req_test';

describe('toRpcErrorEnvelope', () => {
  it('keeps a typed RpcError with its details', () => {
    const { envelope, unexpected } = toRpcErrorEnvelope(
      new RpcError(ErrorCode.RESOURCE_CONFLICT, 'cannot move under a descendant', [{ field: 'parent_id', message: 'is a descendant' }]),
      REQUEST_ID,
    );
    expect(unexpected).toBe(false);
    expect(envelope).toEqual({
      error: {
        code: 'RESOURCE_CONFLICT',
        message: 'cannot move under a descendant',
        details: [{ field: 'parent_id', message: 'is a descendant' }],
        request_id: REQUEST_ID,
      },
    });
  });

  it('maps validation failures (ours and a bare ZodError) to VALIDATION_ERROR with field paths', () => {
    const schema = z.object({ items: z.array(z.object({ t: z.iso.datetime() })) });
    const error = schema.safeParse({ items: [{ t: '2027-01-01T00:00:00Z' }, { t: 'soon' }] }).error;
    if (!error) throw new Error('expected a validation failure');
    for (const thrown of [new RpcValidationError(error), error]) {
      const { envelope } = toRpcErrorEnvelope(thrown, REQUEST_ID);
      expect(envelope.error.code).toBe('VALIDATION_ERROR');
      expect(envelope.error.details?.map((detail) => detail.field)).toEqual(['items.1.t']);
    }
  });

  it('passes through an RpcException carrying an envelope', () => {
    const given = { error: { code: 'PRECONDITION_FAILED' as const, message: 'version mismatch', request_id: 'req_other' } };
    expect(toRpcErrorEnvelope(new RpcException(given), REQUEST_ID).envelope).toEqual(given);
  });

  it('maps Nest HTTP exceptions by status', () => {
    expect(toRpcErrorEnvelope(new NotFoundException('no such node'), REQUEST_ID).envelope.error).toMatchObject({
      code: 'RESOURCE_NOT_FOUND',
      message: 'no such node',
    });
    expect(toRpcErrorEnvelope(new ConflictException(), REQUEST_ID).envelope.error.code).toBe('RESOURCE_ALREADY_EXISTS');
    expect(toRpcErrorEnvelope(new BadRequestException(), REQUEST_ID).envelope.error.code).toBe('VALIDATION_ERROR');
  });

  it('hides anything else behind INTERNAL_ERROR with a fresh error id, and flags it for logging', () => {
    for (const thrown of [new Error('password=hunter2 in connection string'), new RpcException('plain text'), 'a string', undefined]) {
      const { envelope, unexpected } = toRpcErrorEnvelope(thrown, REQUEST_ID);
      expect(unexpected).toBe(true);
      expect(envelope.error).toEqual({ code: 'INTERNAL_ERROR', message: 'Internal error', request_id: REQUEST_ID, error_id: expect.stringMatching(/^err_[0-9a-f]{32}$/) });
      expect(errorEnvelopeSchema.safeParse(envelope).success).toBe(true);
    }
  });
});

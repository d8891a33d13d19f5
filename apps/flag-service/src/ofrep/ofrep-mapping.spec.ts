import type { Flag } from '@forecastin/contracts';
import { toEvaluationContext } from './ofrep-context.mapper';
import { parseOfrepRequest } from './ofrep-request.parser';
import { toOfrepResult } from './ofrep-result.mapper';

const identity = { sub: 'user-from-token', workspace_id: '7c9e6679-7425-40de-944b-e07fc1f90ae7', roles: ['viewer' as const], request_id: 'req_1', exp: 0 };

describe('OFREP context → engine context', () => {
  it("fills user, workspace and roles from the caller's identity when the request leaves them out", () => {
    expect(toEvaluationContext({}, identity)).toMatchObject({ user_id: 'user-from-token', workspace_id: identity.workspace_id, roles: ['viewer'] });
  });

  it('keeps what the request sets; flat custom fields become properties, explicit properties win', () => {
    const context = toEvaluationContext({ targetingKey: 't', workspace_id: 'w', roles: ['admin'], plan: 'pro', seats: 3, properties: { plan: 'team' } }, identity);
    expect(context).toMatchObject({ user_id: 't', workspace_id: 'w', roles: ['admin'], properties: { plan: 'team', seats: 3 } });
  });
});

describe('OFREP request bodies', () => {
  it('accept no body or no context, refuse non-objects and wrong types', () => {
    expect(parseOfrepRequest(undefined)).toEqual({ ok: true, context: {} });
    expect(parseOfrepRequest({})).toEqual({ ok: true, context: {} });
    expect(parseOfrepRequest('x')).toMatchObject({ ok: false, errorCode: 'PARSE_ERROR' });
    expect(parseOfrepRequest({ context: { session_id: 7 } })).toMatchObject({ ok: false, errorCode: 'INVALID_CONTEXT', errorDetails: expect.stringContaining('context.session_id') });
  });
});

describe('engine answer → OFREP', () => {
  const flag = { key: 'f', type: 'experiment', version: 4 } as Flag;

  it('carries value, reason, variant and metadata', () => {
    expect(toOfrepResult({ key: 'f', enabled: true, value: 'blue', variant: 'blue', reason: 'SPLIT' }, flag)).toEqual({
      ok: true,
      body: { key: 'f', value: 'blue', variant: 'blue', reason: 'SPLIT', metadata: { flagType: 'experiment', version: 4 } },
    });
  });

  it('maps not found to 404 and other engine errors to a 400 failure', () => {
    expect(toOfrepResult({ key: 'x', enabled: false, value: false, reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' }, undefined)).toMatchObject({ status: 404, body: { errorCode: 'FLAG_NOT_FOUND' } });
    expect(toOfrepResult({ key: 'f', enabled: true, value: false, reason: 'ERROR', errorCode: 'PARSE_ERROR' }, flag)).toMatchObject({ status: 400, body: { errorCode: 'PARSE_ERROR' } });
  });
});

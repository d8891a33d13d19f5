import fc from 'fast-check';
import { isSecretKey, maskUrlCredentials, REDACTED, redactSecrets } from './redact-secrets';

describe('redactSecrets', () => {
  it('redacts header and credential keys at any depth, case-insensitively', () => {
    const input = {
      req: { headers: { Authorization: 'Bearer abc', cookie: 'sid=1', 'x-forecastin-identity': 'id.sig', accept: '*/*' } },
      res: { headers: { 'set-cookie': ['sid=2'] } },
      body: { user: { name: 'ana', password: 'hunter2' }, items: [{ token: 't' }, { access_token: 'a' }] },
      env: { IDENTITY_SIGNING_KEY: 'k', api_key: 'k2', clientSecret: 's' },
    };
    expect(redactSecrets(input)).toEqual({
      req: { headers: { Authorization: REDACTED, cookie: REDACTED, 'x-forecastin-identity': REDACTED, accept: '*/*' } },
      res: { headers: { 'set-cookie': REDACTED } },
      body: { user: { name: 'ana', password: REDACTED }, items: [{ token: REDACTED }, { access_token: REDACTED }] },
      env: { IDENTITY_SIGNING_KEY: REDACTED, api_key: REDACTED, clientSecret: REDACTED },
    });
  });

  it('never mutates the input and returns the same reference when there is nothing to redact', () => {
    const clean = { a: 1, nested: { list: [1, 'two', { three: 3 }] } };
    expect(redactSecrets(clean)).toBe(clean);

    const dirty = { keep: { x: 1 }, nested: { password: 'p' } };
    const out = redactSecrets(dirty);
    expect(dirty.nested.password).toBe('p');
    expect(out.keep).toBe(dirty.keep);
    expect(out.nested.password).toBe(REDACTED);
  });

  it('masks the password in connection URLs but keeps the rest', () => {
    expect(redactSecrets({ DATABASE_URL: 'postgres://app:s3cret@db:5432/forecastin' })).toEqual({
      DATABASE_URL: `postgres://app:${REDACTED}@db:5432/forecastin`,
    });
    expect(maskUrlCredentials('nats://127.0.0.1:4222')).toBe('nats://127.0.0.1:4222');
  });

  it('handles null-prototype objects (node:http headers) and leaves errors to pino', () => {
    const headers: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    headers.authorization = 'Bearer x';
    const error = new Error('boom');
    const out = redactSecrets({ headers, err: error });
    expect(out.headers.authorization).toBe(REDACTED);
    expect(out.err).toBe(error);
  });

  it('terminates on cyclic objects', () => {
    const cyclic: Record<string, unknown> = { password: 'p' };
    cyclic.self = cyclic;
    expect(redactSecrets(cyclic).password).toBe(REDACTED);
  });

  it('classifies key names', () => {
    for (const key of ['password', 'TOKEN', 'secret', 'access_token', 'REDIS_KEY', 'authorization']) {
      expect(isSecretKey(key)).toBe(true);
    }
    for (const key of ['request_id', 'monkey', 'keyboard', 'tokenizer', 'path']) {
      expect(isSecretKey(key)).toBe(false);
    }
  });

  it('leaves no secret-keyed value behind in arbitrary JSON (property)', () => {
    const secretLeaks = (value: unknown): boolean => {
      if (Array.isArray(value)) return value.some(secretLeaks);
      if (value === null || typeof value !== 'object') return false;
      return Object.entries(value).some(
        ([key, item]) => (isSecretKey(key) && item !== REDACTED && item !== null) || secretLeaks(item),
      );
    };
    const key = fc.oneof(fc.constantFrom('password', 'token', 'DB_KEY', 'cookie', 'name', 'id'), fc.string());
    const json = fc.letrec((tie) => ({
      node: fc.oneof(
        // Within the walker's documented depth bound (8).
        { depthSize: 'small', maxDepth: 5 },
        fc.jsonValue({ maxDepth: 1 }),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(key, tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    fc.assert(
      fc.property(fc.dictionary(key, json, { maxKeys: 4 }), (input) => {
        const snapshot = JSON.stringify(input);
        expect(secretLeaks(redactSecrets(input))).toBe(false);
        expect(JSON.stringify(input)).toBe(snapshot);
      }),
    );
  });
});

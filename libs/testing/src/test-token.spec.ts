import { createLocalJWKSet, decodeProtectedHeader, importSPKI, jwtVerify } from 'jose';
import { createTestKeys, type TestKeyAlgorithm } from './test-keys';
import { TEST_JWT_AUDIENCE, TEST_JWT_ISSUER, hs256WithKey, mintTestToken, unsignedToken } from './test-token';

const verifyOptions = { issuer: TEST_JWT_ISSUER, audience: TEST_JWT_AUDIENCE, algorithms: ['RS256', 'ES256', 'EdDSA'] };

describe.each<TestKeyAlgorithm>(['RS256', 'ES256', 'EdDSA'])('tokens signed with %s', (alg) => {
  it('verify against the public JWKS with the default claims', async () => {
    const keys = await createTestKeys(alg);
    const workspaceId = '4f1c2b9e-7d3a-4e51-9a0b-2c6d8e1f3a57';
    const token = await mintTestToken(keys, { workspace_id: workspaceId, roles: ['admin'] });
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(keys.jwks), verifyOptions);
    expect(protectedHeader).toMatchObject({ alg, kid: keys.kid, typ: 'JWT' });
    expect(payload).toMatchObject({ workspace_id: workspaceId, roles: ['admin'], iss: TEST_JWT_ISSUER, aud: TEST_JWT_AUDIENCE });
    expect(typeof payload.sub).toBe('string');
    expect(typeof payload.jti).toBe('string');
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(300);
  });

  it('verify with the PEM public key too', async () => {
    const keys = await createTestKeys(alg);
    const key = await importSPKI(keys.publicKeyPem, alg);
    await expect(jwtVerify(await mintTestToken(keys), key, verifyOptions)).resolves.toBeDefined();
  });
});

describe('bad tokens', () => {
  it('expired, not-yet-valid, wrong audience and foreign-key tokens are rejected', async () => {
    const keys = await createTestKeys('ES256');
    const other = await createTestKeys('ES256');
    const jwks = createLocalJWKSet(keys.jwks);
    await expect(jwtVerify(await mintTestToken(keys, {}, { expiresIn: -10 }), jwks, verifyOptions)).rejects.toMatchObject({ code: 'ERR_JWT_EXPIRED' });
    await expect(jwtVerify(await mintTestToken(keys, {}, { notBefore: 600 }), jwks, verifyOptions)).rejects.toMatchObject({ code: 'ERR_JWT_CLAIM_VALIDATION_FAILED' });
    await expect(jwtVerify(await mintTestToken(keys, { aud: 'someone-else' }), jwks, verifyOptions)).rejects.toMatchObject({ code: 'ERR_JWT_CLAIM_VALIDATION_FAILED' });
    await expect(jwtVerify(await mintTestToken(other, {}, { kid: keys.kid }), jwks, verifyOptions)).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
  });

  it('alg none is rejected', async () => {
    const keys = await createTestKeys('RS256');
    const token = unsignedToken({ roles: ['admin'] });
    expect(decodeProtectedHeader(token).alg).toBe('none');
    expect(token.endsWith('.')).toBe(true);
    await expect(jwtVerify(token, createLocalJWKSet(keys.jwks), verifyOptions)).rejects.toThrow();
  });

  it('HS256 keyed with the public key (algorithm confusion) is rejected', async () => {
    const keys = await createTestKeys('RS256');
    const token = await hs256WithKey({ roles: ['admin'] }, keys.publicKeyPem, { kid: keys.kid });
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'HS256', kid: keys.kid });
    await expect(jwtVerify(token, createLocalJWKSet(keys.jwks), verifyOptions)).rejects.toThrow();
    // It is a well-formed HS256 token: a verifier that let the token choose would accept it.
    await expect(jwtVerify(token, new TextEncoder().encode(keys.publicKeyPem), { algorithms: ['HS256'] })).resolves.toBeDefined();
  });

  it('omit removes claims entirely', async () => {
    const keys = await createTestKeys('EdDSA');
    const { payload } = await jwtVerify(await mintTestToken(keys, {}, { omit: ['workspace_id', 'jti'] }), createLocalJWKSet(keys.jwks), verifyOptions);
    expect(payload).not.toHaveProperty('workspace_id');
    expect(payload).not.toHaveProperty('jti');
  });
});

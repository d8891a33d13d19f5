export { DEV_JWT_AUDIENCE, DEV_JWT_ISSUER, DEV_KEY_ID, devGatewayTrustEnv, devKeyPaths, devKeysDir, type DevKeyPaths } from './src/dev-trust';
export { ensureDevKeys } from './src/dev-keys';
export { mintDevToken } from './src/mint-dev-token';
export { parseTokenOptions, parseTtl, type TokenOptions } from './src/token-options';

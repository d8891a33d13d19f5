import path from 'node:path';
import { TEST_JWT_AUDIENCE, TEST_JWT_ISSUER, describeServiceLifecycle } from '@forecastin/testing';
import { trustedKeys } from './support/gateway-harness';

// The shared suite passes no variables of its own; service processes inherit this process's
// environment, so the gateway's required JWT settings (issuer, audience, a key file) go there.
beforeAll(async () => {
  const { file } = await trustedKeys();
  Object.assign(process.env, { JWT_PUBLIC_KEY_FILES: file, JWT_ISSUER: TEST_JWT_ISSUER, JWT_AUDIENCE: TEST_JWT_AUDIENCE });
});

describeServiceLifecycle({ service: 'gateway', main: path.join(__dirname, '..', 'dist', 'main.js'), database: false });

import path from 'node:path';
import { TEST_JWT_AUDIENCE, TEST_JWT_ISSUER, describeServiceLifecycle } from '@forecastin/testing';
import { trustedKeys } from './support/gateway-harness';

describeServiceLifecycle({
  service: 'gateway',
  main: path.join(__dirname, '..', 'dist', 'main.js'),
  database: false,
  // The gateway refuses to start without knowing whose tokens to trust.
  environment: async () => ({ JWT_PUBLIC_KEY_FILES: (await trustedKeys()).file, JWT_ISSUER: TEST_JWT_ISSUER, JWT_AUDIENCE: TEST_JWT_AUDIENCE }),
});

import { Module } from '@nestjs/common';
import { RedisDependency } from '@forecastin/cache';
import { SERVICE_CONFIG } from '@forecastin/lifecycle';
import type { AuthConfig } from './auth-config';
import { AdminTokenGuard } from './admin-token.guard';
import { JwtAuthenticator } from './jwt-authenticator';
import { RevocationStore } from './revocation-store';
import { TokenRevocationsController } from './token-revocations.controller';

/**
 * One JwtAuthenticator (so its verified-token cache is shared with the request pipeline, which
 * gets it with `app.get(JwtAuthenticator)`), the revocation store, and the admin revocation route.
 */
@Module({
  controllers: [TokenRevocationsController],
  providers: [
    AdminTokenGuard,
    { provide: JwtAuthenticator, inject: [SERVICE_CONFIG], useFactory: (config: AuthConfig) => JwtAuthenticator.fromConfig(config) },
    {
      provide: RevocationStore,
      inject: [RedisDependency, SERVICE_CONFIG],
      useFactory: (redis: RedisDependency, config: AuthConfig) => new RevocationStore(redis, { clockSkewSeconds: config.JWT_CLOCK_SKEW_SECONDS }),
    },
  ],
  exports: [JwtAuthenticator, RevocationStore],
})
export class AuthModule {}

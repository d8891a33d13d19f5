import { Module } from '@nestjs/common';
import { AuthModule } from './auth';

/**
 * Root module of the gateway. Proxied traffic never reaches Nest (it is handled in Fastify hooks,
 * see pipeline/); Nest serves only the gateway's own routes: token revocation (AuthModule).
 */
@Module({ imports: [AuthModule] })
export class AppModule {}

import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { PublicRoute, ZodValidationPipe } from '@forecastin/lifecycle';
import { AdminTokenGuard } from './admin-token.guard';
import { RevocationStore } from './revocation-store';
import { tokenRevocationSchema, type TokenRevocation } from './token-revocation.schema';

/**
 * Served by the gateway itself, so there is no forwarded identity to check (hence @PublicRoute):
 * AdminTokenGuard verifies the caller's own JWT instead. The revocation lasts until the token's
 * expiry plus the clock skew; the pipeline's per-request script then refuses the jti.
 */
@PublicRoute()
@UseGuards(AdminTokenGuard)
@Controller('api/v1/admin/token-revocations')
export class TokenRevocationsController {
  constructor(private readonly revocations: RevocationStore) {}

  @Post()
  @HttpCode(204)
  async revoke(@Body(new ZodValidationPipe(tokenRevocationSchema)) body: TokenRevocation): Promise<void> {
    await this.revocations.revoke(body.jti, Math.floor(Date.parse(body.expires_at) / 1000));
  }
}

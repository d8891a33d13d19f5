import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ErrorCode, hasRole, type JwtClaims } from '@forecastin/contracts';
import { AppError, PublicRoute, ZodValidationPipe } from '@forecastin/lifecycle';
import { JwtAuthenticator } from './jwt-authenticator';
import { RevocationStore } from './revocation-store';
import { tokenRevocationSchema, type TokenRevocation } from './token-revocation.schema';

/**
 * Served by the gateway itself, so there is no forwarded identity to check (hence @PublicRoute):
 * the caller's own JWT is verified here, revocation included (fail closed), and admin is required.
 */
@PublicRoute()
@Controller('api/v1/admin/token-revocations')
export class TokenRevocationsController {
  constructor(
    private readonly authenticator: JwtAuthenticator,
    private readonly revocations: RevocationStore,
  ) {}

  @Post()
  @HttpCode(204)
  async revoke(
    @Headers('authorization') authorization: string | undefined,
    @Body(new ZodValidationPipe(tokenRevocationSchema)) body: TokenRevocation,
  ): Promise<void> {
    await this.requireAdmin(authorization);
    await this.revocations.revoke(body.jti, Math.floor(Date.parse(body.expires_at) / 1000));
  }

  private async requireAdmin(authorization: string | undefined): Promise<JwtClaims> {
    const result = await this.authenticator.authenticate(authorization);
    if (!result.ok) throw new AppError(result.code, result.message);
    if (await this.revocations.isRevoked(result.claims.jti)) throw new AppError(ErrorCode.UNAUTHENTICATED, 'token has been revoked');
    if (!hasRole(result.claims.roles, 'admin')) throw new AppError(ErrorCode.INSUFFICIENT_PERMISSIONS, 'admin role required');
    return result.claims;
  }
}

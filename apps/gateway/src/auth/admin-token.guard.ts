import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ErrorCode, hasRole } from '@forecastin/contracts';
import { AppError } from '@forecastin/lifecycle';
import type { FastifyRequest } from 'fastify';
import { JwtAuthenticator } from './jwt-authenticator';
import { RevocationStore } from './revocation-store';

/**
 * For routes the gateway serves itself (no forwarded identity exists there): verifies the caller's
 * own JWT, its revocation (fail closed: 503 when Redis cannot be asked) and the admin role. A
 * guard, so it runs before body validation: an anonymous caller learns nothing about the body.
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(
    private readonly authenticator: JwtAuthenticator,
    private readonly revocations: RevocationStore,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const authorization = context.switchToHttp().getRequest<FastifyRequest>().headers.authorization;
    const result = await this.authenticator.authenticate(authorization);
    if (!result.ok) throw new AppError(result.code, result.message);
    if (await this.revocations.isRevoked(result.claims.jti)) throw new AppError(ErrorCode.UNAUTHENTICATED, 'token has been revoked');
    if (!hasRole(result.claims.roles, 'admin')) throw new AppError(ErrorCode.INSUFFICIENT_PERMISSIONS, 'requires the admin role');
    return true;
  }
}

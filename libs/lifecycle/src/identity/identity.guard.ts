import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ErrorCode, type ForwardedIdentity } from '@forecastin/contracts';
import { requestContext } from '@forecastin/observability';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../http/app-error';
import { IDENTITY_HEADER, verifyIdentity } from './identity-token';
import { PUBLIC_ROUTE } from './public-route.decorator';

export type RequestWithIdentity = FastifyRequest & { identity?: ForwardedIdentity };

/**
 * Deny by default: a service answers only requests that carry the gateway's signed identity, so
 * nothing reaching a service directly (bypassing the gateway) can claim to be someone.
 */
@Injectable()
export class IdentityGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly signingKey: string,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<RequestWithIdentity>();
    const header = request.headers[IDENTITY_HEADER];
    const result = verifyIdentity(typeof header === 'string' ? header : undefined, this.signingKey);
    if (!result.ok) throw new AppError(ErrorCode.UNAUTHENTICATED, `Request is not authenticated by the gateway: ${result.reason}`);
    request.identity = result.identity;
    const logContext = requestContext.get();
    if (logContext) {
      logContext.workspaceId = result.identity.workspace_id;
      logContext.userId = result.identity.sub;
    }
    return true;
  }
}

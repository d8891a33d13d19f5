import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ErrorCode, type ForwardedIdentity } from '@forecastin/contracts';
import { AppError } from '../http/app-error';
import type { RequestWithIdentity } from './identity.guard';

/** The verified caller (user, workspace, roles) of the current request. */
export const CurrentIdentity = createParamDecorator((_data: unknown, context: ExecutionContext): ForwardedIdentity => {
  const identity = context.switchToHttp().getRequest<RequestWithIdentity>().identity;
  if (!identity) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Request is not authenticated by the gateway');
  return identity;
});

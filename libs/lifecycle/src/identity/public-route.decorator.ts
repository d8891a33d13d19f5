import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'forecastin:public-route';

/** Marks a route that needs no gateway identity. Every other route requires one. */
export const PublicRoute = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

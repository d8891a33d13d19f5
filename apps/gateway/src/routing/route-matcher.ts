import Router from 'find-my-way';
import { MAX_PARAM_LENGTH } from '@forecastin/lifecycle';
import type { RouteDefinition } from './route-definition';

export interface RouteMatch {
  readonly route: RouteDefinition;
  readonly params: Readonly<Record<string, string | undefined>>;
}

/**
 * The route table compiled once into a radix tree (find-my-way, Fastify's own router): a lookup
 * costs the length of the path, not the number of routes. HEAD is accepted wherever GET is.
 * Parameters as long as the services accept (the longest ltree path), so none is a 404 here only.
 */
export class RouteMatcher {
  private readonly router = Router({ ignoreTrailingSlash: false, caseSensitive: true, maxParamLength: MAX_PARAM_LENGTH });

  constructor(routes: readonly RouteDefinition[]) {
    const noop = (): void => undefined;
    for (const route of routes) {
      this.router.on(route.method, route.path, noop, route);
      if (route.method === 'GET') this.router.on('HEAD', route.path, noop, route);
    }
  }

  /** `url` may carry a query string; it is ignored for matching. */
  match(method: string, url: string): RouteMatch | undefined {
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    const found = this.router.find(method as Router.HTTPMethod, path);
    if (!found) return undefined;
    // find-my-way lets `:id` match an empty segment (`/entities/`); no API path has an empty one.
    for (const value of Object.values(found.params)) if (!value) return undefined;
    return { route: found.store as RouteDefinition, params: found.params };
  }
}

// Public API of @forecastin/contracts. Nothing here may import Nest or another @forecastin lib.

export * from './version/api-version.constants';

export * from './errors/error-code.constants';
export * from './errors/error-envelope.schema';
export * from './errors/zod-issues.mapper';

export * from './request-id/request-id.schema';

export * from './pagination/pagination-query.schema';
export * from './query/query-integer.schema';
export * from './pagination/page.schema';
export * from './pagination/cursor.codec';

export * from './geometry/geometry-limits.constants';
export * from './geometry/position.schema';
export * from './geometry/coordinates.schema';
export * from './geometry/geometry.schema';
export * from './geometry/feature.schema';

export * from './ltree/ltree.constants';
export * from './ltree/ltree-key.schema';
export * from './ltree/ltree-path.schema';
export * from './ltree/slugify-key.util';
export * from './ltree/lquery-pattern.schema';

export * from './subjects/subject-token';
export * from './subjects/subject-names.constants';
export * from './subjects/subject.builders';

export * from './topics/layer-id.schema';
export * from './topics/realtime-topic.schema';


export * from './identity/role.schema';
export * from './identity/jwt-claims.schema';
export * from './identity/forwarded-identity.schema';

export * from './health/lifecycle-state.schema';
export * from './health/readiness.schema';

export * from './events/event-envelope.schema';
export * from './events/define-event';
export * from './events/create-event-envelope';
export * from './events/entity.events';
export * from './events/hierarchy-invalidation.event';
export * from './events/layer-update.event';
export * from './events/feature-flag-update.event';
export * from './events/scenario-updated.event';
export * from './events/event-types';

export * from './consistency/consistency-token';
export * from './text';

// Resource schemas (API.md) and the OpenAPI document built from them.
export * from './entities';
export * from './hierarchy';
export * from './scenarios';
export * from './observations';
export * from './forecasts';
export * from './flags';
export * from './flags/flag-evaluation-context.schema';
export * from './ofrep';
export * from './openapi';

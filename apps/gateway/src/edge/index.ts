export { BodyTooLargeError, limitBodyStream } from './body-limit.stream';
export { commaList } from './comma-list.schema';
export { CorsPolicy } from './cors-policy';
export { edgeConfigShape, type EdgeConfig } from './edge-config';
export { edgeRefusal, registerEdgeHygiene, type EdgeHygieneOptions } from './edge-hygiene';
export { SECURITY_HEADERS } from './security-headers';

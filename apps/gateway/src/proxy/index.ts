export { proxyConfigShape } from './proxy-config';
export { prepareForwardHeaders } from './forward-headers';
export { refuseUpgrade, sendRawError } from './raw-error-response';
export { UpstreamProxy, type UpstreamProxyOptions } from './upstream-proxy';
export { UpstreamFailure } from './upstream-failure';

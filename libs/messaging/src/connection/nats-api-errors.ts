import { NatsError } from 'nats';

/** JetStream API error codes (nats-server `errors.json`) this library reacts to. */
export const JsApiErrorCode = {
  StreamNotFound: 10059,
  StreamNameInUse: 10058,
  ConsumerNotFound: 10014,
  ConsumerNameExists: 10013,
  ConsumerAlreadyExists: 10148,
} as const;

export function jsApiErrorCode(error: unknown): number | undefined {
  return error instanceof NatsError ? error.api_error?.err_code : undefined;
}

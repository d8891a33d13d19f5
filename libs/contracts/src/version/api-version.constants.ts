/** Version of the external contract: the `Content-Version` header and the event envelope's `version`. */
export const API_VERSION = '1.0';

/** Kept for callers that imported the skeleton's name; same value as API_VERSION. */
export const CONTRACTS_VERSION = API_VERSION;

/** `Accept-Version` values a server answers; anything else is 406 NOT_ACCEPTABLE. */
export const SUPPORTED_API_VERSIONS: readonly string[] = [API_VERSION];

import { z } from 'zod';

/**
 * `X-Consistency-Token` of an entity-service write, passed back to hierarchy reads as
 * `?consistency_token=`. It names the event the write produced (`ct1_<event_id>`): the read model
 * records the ids of the events it applied, so "is this write visible yet?" is an exact lookup,
 * not a guess from stream positions (outbox rows do not commit in id order).
 */
const TOKEN_PREFIX = 'ct1_';
const TOKEN_PATTERN = /^ct1_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const CONSISTENCY_TOKEN_HEADER = 'x-consistency-token';

export function consistencyTokenFor(eventId: string): string {
  const token = `${TOKEN_PREFIX}${eventId.toLowerCase()}`;
  if (!TOKEN_PATTERN.test(token)) throw new TypeError(`not an event id: ${JSON.stringify(eventId)}`);
  return token;
}

/**
 * Parses a token to the event id it names; anything else is a validation error on the field.
 * `overwrite` rather than `transform`: the value stays a string, so the schema still converts to
 * JSON Schema for the OpenAPI document (a transform cannot).
 */
export const consistencyTokenSchema = z
  .string()
  .regex(TOKEN_PATTERN, { error: 'consistency_token must be a token from an X-Consistency-Token header' })
  .overwrite((token) => token.slice(TOKEN_PREFIX.length));

import { z } from 'zod';
import { GLOBAL_WORKSPACE } from '../subjects/subject-names.constants';
import { EVENT_TYPE_PATTERN, eventEnvelopeShape, type EnvelopeField } from './event-envelope.schema';

/** A payload shape may not redefine envelope fields: they would silently change the envelope's meaning. */
type WithoutEnvelopeFields<P> = P & { [K in keyof P & EnvelopeField]: never };

function checkDefinition(type: string, payload: z.ZodRawShape): void {
  if (!EVENT_TYPE_PATTERN.test(type)) throw new TypeError(`event type must be snake_case: ${JSON.stringify(type)}`);
  const clash = Object.keys(payload).find((key) => key in eventEnvelopeShape);
  if (clash !== undefined) throw new TypeError(`event ${type}: payload field "${clash}" is an envelope field`);
}

/** A workspace-scoped event: envelope + `type` fixed to `type` + payload fields; `workspace_id` must be a uuid. */
export function defineEvent<T extends string, P extends z.ZodRawShape>(type: T, payload: WithoutEnvelopeFields<P>) {
  checkDefinition(type, payload);
  return z.object({ ...eventEnvelopeShape, type: z.literal(type), workspace_id: z.uuid(), ...(payload as P) });
}

/** A platform-wide event (feature flags): like defineEvent, with `workspace_id` fixed to "global". */
export function defineGlobalEvent<T extends string, P extends z.ZodRawShape>(type: T, payload: WithoutEnvelopeFields<P>) {
  checkDefinition(type, payload);
  return z.object({ ...eventEnvelopeShape, type: z.literal(type), workspace_id: z.literal(GLOBAL_WORKSPACE), ...(payload as P) });
}

/** What defineEvent / defineGlobalEvent return, for helpers generic over event schemas. */
export type EventSchema = z.ZodObject<{ type: z.ZodLiteral<string> } & Record<string, z.ZodType>>;

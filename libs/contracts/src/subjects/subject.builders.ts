import { z } from 'zod';
import { assertSubjectToken } from './subject-token';
import {
  GLOBAL_WORKSPACE,
  RPC_OPERATIONS,
  type CacheService,
  type EventAggregate,
  type RpcOperation,
  type RpcService,
} from './subject-names.constants';


/**
 * Puts an isolation prefix (one or more tokens, e.g. `t_3f9a` from a test) in front of a subject.
 * No prefix (undefined or '') leaves the subject as it is.
 */
export function withSubjectPrefix(prefix: string | undefined, subject: string): string {
  if (prefix === undefined || prefix === '') return subject;
  for (const token of prefix.split('.')) assertSubjectToken(token, 'prefix');
  return `${prefix}.${subject}`;
}

const uuidSchema = z.uuid();

// Subjects are case-sensitive while uuids are not: lowercase so `evt.<ws>` is one subject per workspace.
function assertWorkspace(workspaceId: string): string {
  if (workspaceId === GLOBAL_WORKSPACE) return workspaceId;
  if (!uuidSchema.safeParse(workspaceId).success) {
    throw new TypeError(`event workspace must be a uuid or "${GLOBAL_WORKSPACE}": ${JSON.stringify(workspaceId)}`);
  }
  return workspaceId.toLowerCase();
}

/** `evt.<workspace>.<aggregate>.<action>`, e.g. `evt.<uuid>.entity.created`, `evt.global.flag.updated`. */
export function eventSubject(workspaceId: string, aggregate: EventAggregate, action: string, prefix?: string): string {
  return withSubjectPrefix(
    prefix,
    `evt.${assertWorkspace(workspaceId)}.${assertSubjectToken(aggregate, 'aggregate')}.${assertSubjectToken(action, 'action')}`,
  );
}

/** `rpc.<service>.<operation>`; only operations listed in RPC_OPERATIONS type-check. */
export function rpcSubject<S extends RpcService>(service: S, operation: RpcOperation<S>, prefix?: string): string {
  const known: readonly string[] = RPC_OPERATIONS[service];
  if (!known.includes(operation)) throw new TypeError(`unknown rpc operation ${service}.${operation}`);
  return withSubjectPrefix(prefix, `rpc.${service}.${operation}`);
}

/** `cache.invalidate.<service>` (core NATS, not JetStream). */
export function cacheInvalidateSubject(service: CacheService, prefix?: string): string {
  return withSubjectPrefix(prefix, `cache.invalidate.${assertSubjectToken(service, 'service')}`);
}

/** `evt.>`: every event (the EVENTS stream's subject and realtime's subscription). */
export function allEventsSubject(prefix?: string): string {
  return withSubjectPrefix(prefix, 'evt.>');
}

/** `evt.<workspace>.>`: every event of one workspace. */
export function workspaceEventsSubject(workspaceId: string, prefix?: string): string {
  return withSubjectPrefix(prefix, `evt.${assertWorkspace(workspaceId)}.>`);
}

/** `evt.*.<aggregate>.*`: one aggregate's events in every workspace (e.g. hierarchy consuming entity events). */
export function aggregateEventsSubject(aggregate: EventAggregate, prefix?: string): string {
  return withSubjectPrefix(prefix, `evt.*.${assertSubjectToken(aggregate, 'aggregate')}.*`);
}

/** `rpc.<service>.*`: every operation of one service. */
export function serviceRpcSubject(service: RpcService, prefix?: string): string {
  return withSubjectPrefix(prefix, `rpc.${assertSubjectToken(service, 'service')}.*`);
}

export interface ParsedEventSubject {
  workspaceId: string;
  aggregate: string;
  action: string;
}

/** Inverse of eventSubject; undefined when `subject` is not an event subject under `prefix`. */
export function parseEventSubject(subject: string, prefix?: string): ParsedEventSubject | undefined {
  const head = prefix ? `${prefix}.` : '';
  if (!subject.startsWith(head)) return undefined;
  const tokens = subject.slice(head.length).split('.');
  const [root, workspaceId, aggregate, action] = tokens;
  if (tokens.length !== 4 || root !== 'evt' || !workspaceId || !aggregate || !action) return undefined;
  return { workspaceId, aggregate, action };
}

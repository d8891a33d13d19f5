import { randomUUID } from 'node:crypto';
import { SpanKind, withSpan } from '@forecastin/observability';
import { ErrorCode, errorEnvelopeSchema, zodIssuesToDetails } from '@forecastin/contracts';
import { ErrorCode as NatsErrorCode, NatsError } from 'nats';
import type { z } from 'zod';
import type { NatsDependency } from '../connection/nats.dependency';
import { RpcError } from '../errors/messaging.errors';
import { parseMessage } from '../events/json-codec';
import { outgoingHeaders } from '../tracing/message-headers';
import { nestReplyPacketSchema, type NestRequestPacket } from './rpc-wire.schema';

export interface RpcRequestOptions<Req extends z.ZodType, Res extends z.ZodType> {
  readonly requestSchema: Req;
  readonly responseSchema: Res;
  /** Defaults to the dependency's request timeout (NATS_REQUEST_TIMEOUT_MS). */
  readonly timeoutMs?: number;
  /** Propagated as x-request-id so the responder logs under the caller's request. */
  readonly requestId?: string;
}

/**
 * Calls a `@MessagePattern` handler served through `natsTransportOptions`, over this service's own
 * NATS connection. Input and output are validated against the contracts; every failure is an
 * `RpcError`: the responder's error envelope as is, no responder → SERVICE_UNAVAILABLE (at once),
 * no answer in time → UPSTREAM_TIMEOUT, an answer breaking the contract → INTERNAL_ERROR.
 *
 * `subject` is the wire subject (`nats.subjects.rpc('hierarchy', 'descendants')`).
 */
export async function rpcRequest<Req extends z.ZodType, Res extends z.ZodType>(
  nats: NatsDependency,
  subject: string,
  payload: z.input<Req>,
  options: RpcRequestOptions<Req, Res>,
): Promise<z.output<Res>> {
  const input = options.requestSchema.safeParse(payload);
  if (!input.success) {
    // A caller bug, not the responder's: still typed, so callers handle one error class.
    throw new RpcError(ErrorCode.VALIDATION_ERROR, `invalid request for ${subject}`, zodIssuesToDetails(input.error), options.requestId);
  }
  if (!nats.isConnected) throw new RpcError(ErrorCode.SERVICE_UNAVAILABLE, `nats is disconnected, cannot call ${subject}`);
  const timeoutMs = options.timeoutMs ?? nats.requestTimeoutMs;
  const packet: NestRequestPacket = { pattern: subject, data: input.data, id: randomUUID() };

  return withSpan(
    `rpc ${subject}`,
    { kind: SpanKind.CLIENT, attributes: { 'messaging.system': 'nats', 'messaging.destination.name': subject } },
    async () => {
      const reply = await send(nats, subject, packet, timeoutMs, options.requestId);
      return decodeReply(reply, packet.id, subject, options.responseSchema);
    },
  );
}

async function send(
  nats: NatsDependency,
  subject: string,
  packet: NestRequestPacket,
  timeoutMs: number,
  requestId: string | undefined,
): Promise<Uint8Array> {
  try {
    const msg = await nats.connection.request(subject, JSON.stringify(packet), {
      timeout: timeoutMs,
      headers: outgoingHeaders(requestId),
    });
    return msg.data;
  } catch (error: unknown) {
    if (error instanceof NatsError && error.code === NatsErrorCode.NoResponders) {
      throw new RpcError(ErrorCode.SERVICE_UNAVAILABLE, `no service is serving ${subject}`);
    }
    if (error instanceof NatsError && error.code === NatsErrorCode.Timeout) {
      throw new RpcError(ErrorCode.UPSTREAM_TIMEOUT, `${subject} did not answer within ${timeoutMs} ms`);
    }
    throw new RpcError(ErrorCode.SERVICE_UNAVAILABLE, `request to ${subject} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function decodeReply<Res extends z.ZodType>(data: Uint8Array, id: string, subject: string, schema: Res): z.output<Res> {
  const packet = parseMessage(data, nestReplyPacketSchema);
  if (!packet.ok) throw new RpcError(ErrorCode.INTERNAL_ERROR, `${subject} answered with a malformed reply: ${packet.reason}`);
  const reply = packet.value;
  if (reply.id !== undefined && reply.id !== id) {
    throw new RpcError(ErrorCode.INTERNAL_ERROR, `${subject} answered another request (${reply.id})`);
  }
  if (reply.err !== undefined && reply.err !== null) {
    const remote = errorEnvelopeSchema.safeParse(reply.err);
    if (remote.success) {
      const { code, message, details, request_id, error_id } = remote.data.error;
      throw new RpcError(code, message, details, request_id, error_id);
    }
    // Nest's default filter answers `{status: 'error', message}`: an unmapped failure upstream.
    throw new RpcError(ErrorCode.INTERNAL_ERROR, `${subject} failed without an error envelope`);
  }
  const response = schema.safeParse(reply.response);
  if (!response.success) {
    const details = zodIssuesToDetails(response.error, 'response');
    throw new RpcError(ErrorCode.INTERNAL_ERROR, `${subject} answered outside its contract`, details);
  }
  return response.data;
}

import { z } from 'zod';

/**
 * The @nestjs/microservices NATS wire format (NatsRecordSerializer / NatsResponseJSONDeserializer):
 * a request is `{pattern, data, id}`, a reply `{id, response?, err?, isDisposed?}` as JSON.
 */
export interface NestRequestPacket {
  readonly pattern: string;
  readonly data: unknown;
  readonly id: string;
}

export const nestReplyPacketSchema = z.object({
  id: z.string().optional(),
  response: z.unknown().optional(),
  err: z.unknown().optional(),
  isDisposed: z.boolean().optional(),
});

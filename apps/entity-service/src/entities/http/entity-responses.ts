import { CONSISTENCY_TOKEN_HEADER, consistencyTokenFor, type Entity } from '@forecastin/contracts';
import type { FastifyReply } from 'fastify';
import { etagFor } from '../entity-tags';
import type { EntityWriteResult } from '../entity-write.result';

/** An entity answer with its ETag. */
export function sendEntity(reply: FastifyReply, status: number, entity: Entity): void {
  void reply.status(status).header('etag', etagFor(entity.version)).send(entity);
}

/** A write's answer: the entity (ETag) and the token that makes hierarchy reads wait for this write. */
export function sendWrite(reply: FastifyReply, status: number, result: EntityWriteResult): void {
  void reply.header(CONSISTENCY_TOKEN_HEADER, consistencyTokenFor(result.eventId));
  if (status === 204) {
    void reply.status(204).send();
    return;
  }
  sendEntity(reply, status, result.entity);
}

import { z } from 'zod';
import { defineOperation } from '../define-operation';
import type { OpenApiPart } from '../openapi-document.types';

export const realtimePart: OpenApiPart = {
  operations: [
    defineOperation({
      method: 'get', path: '/api/v1/realtime', operationId: 'openRealtime', summary: 'Open the realtime WebSocket', tags: ['Realtime'], role: 'viewer',
      description:
        'Upgrades to a WebSocket of JSON text frames (subscribe / unsubscribe / ping; welcome, subscribed, events, resync_required, error). ' +
        'The token (Authorization header, or `access_token` for browsers) is checked before the upgrade completes.',
      request: {
        query: z.object({ access_token: z.string().optional() }),
        headers: z.object({ Upgrade: z.literal('websocket'), Connection: z.string() }),
      },
      responses: { 101: { description: 'Switching protocols: the WebSocket is open.' } },
      errors: [],
    }),
  ],
};

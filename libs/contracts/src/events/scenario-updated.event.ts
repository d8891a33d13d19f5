import { z } from 'zod';
import { defineEvent } from './define-event';

/**
 * A scenario was written; `changes` names the top-level fields that changed (e.g. `assumptions`, `status`).
 * API.md lists the payload field as `version`, but payload fields sit beside the envelope's own
 * `version` ("1.0"), so the scenario's version travels as `scenario_version`.
 */
export const scenarioUpdatedEventSchema = defineEvent('scenario_updated', {
  scenario_id: z.uuid(),
  scenario_version: z.number().int().min(1),
  changed_by: z.string().min(1).max(256),
  changes: z.array(z.string().regex(/^[a-z][a-z0-9_]{0,63}$/)).max(64),
});

export type ScenarioUpdatedEvent = z.infer<typeof scenarioUpdatedEventSchema>;

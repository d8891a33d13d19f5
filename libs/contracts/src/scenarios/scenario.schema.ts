import { z } from 'zod';
import { confidenceScoreSchema } from '../entities/entity-fields.schema';
import { ltreePathSchema } from '../ltree/ltree-path.schema';
import { assumptionSchema } from './assumption.schema';

export const scenarioStatusSchema = z.enum(['draft', 'active', 'archived']);

export const scenarioRiskSchema = z.object({
  level: z.enum(['low', 'medium', 'high', 'critical']),
  factors: z.array(z.string()),
  mitigations: z.array(z.string()),
});

export const scenarioValidationSchema = z.object({
  status: z.enum(['pending', 'validated', 'failed']),
  errors: z.array(z.string()),
  warnings: z.array(z.string()),
  validated_at: z.iso.datetime().nullable(),
});

/** A scenario (API.md "Scenarios"). */
export const scenarioSchema = z.object({
  id: z.uuid(),
  name: z.string().min(1).max(256),
  description: z.string().max(4096).nullable(),
  scope_path: ltreePathSchema,
  status: scenarioStatusSchema,
  parent_scenario_id: z.uuid().nullable(),
  assumptions: z.array(assumptionSchema),
  confidence_score: confidenceScoreSchema.nullable(),
  risk: scenarioRiskSchema.nullable(),
  validation: scenarioValidationSchema,
  version: z.number().int().min(1),
  created_by: z.string().min(1).max(256),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioStatus = z.infer<typeof scenarioStatusSchema>;

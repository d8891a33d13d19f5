import { z } from 'zod';
import { confidenceScoreSchema } from '../entities/entity-fields.schema';
import { scenarioRiskSchema, scenarioValidationSchema } from './scenario.schema';

export const analysisFactorSchema = z.object({
  name: z.enum(['geographic_spread', 'time_horizon', 'entity_coverage', 'data_sufficiency', 'risk']),
  score: z.number().min(0).max(1),
  weight: z.number().min(0).max(1),
  explanation: z.string().min(1),
});

/** GET /api/v1/scenarios/{id}/analysis. */
export const scenarioAnalysisSchema = z.object({
  scenario_id: z.uuid(),
  factors: z.array(analysisFactorSchema),
  overall_score: z.number().min(0).max(1),
  warnings: z.array(z.string()),
  recommendations: z.array(z.string()),
});

/** POST /api/v1/scenarios/{id}/validate: what was stored. */
export const scenarioValidationResultSchema = z.object({
  validation: scenarioValidationSchema,
  confidence_score: confidenceScoreSchema,
  risk: scenarioRiskSchema,
});

export type ScenarioAnalysis = z.infer<typeof scenarioAnalysisSchema>;

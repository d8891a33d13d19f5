import { z } from 'zod';
import * as contracts from './index';

// The gateway generates its OpenAPI document from these schemas: each must convert in both directions.
describe('JSON Schema conversion', () => {
  const schemas = Object.entries(contracts as Record<string, unknown>).filter(
    (entry): entry is [string, z.ZodType] => entry[1] instanceof z.ZodType,
  );

  it('finds the exported schemas', () => {
    expect(schemas.map(([name]) => name)).toEqual(expect.arrayContaining(['geometrySchema', 'errorEnvelopeSchema', 'platformEventSchema']));
  });

  it.each(['input', 'output'] as const)('converts every exported schema for %s', (io) => {
    for (const [name, schema] of schemas) {
      expect({ name, converted: typeof z.toJSONSchema(schema, { io }) }).toEqual({ name, converted: 'object' });
    }
  });

  it('keeps the geometry bounds in the generated schema', () => {
    const json = JSON.stringify(z.toJSONSchema(contracts.pointSchema, { io: 'input' }));
    expect(json).toContain('"minimum":-180');
    expect(json).toContain('"maximum":90');
  });
});

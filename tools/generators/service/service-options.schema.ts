import { z } from 'zod';

export const SERVICE_DEPENDENCIES = ['postgres', 'redis', 'nats'] as const;
export type ServiceDependency = (typeof SERVICE_DEPENDENCIES)[number];

export const SERVICE_SCOPES = ['gateway', 'entity', 'hierarchy', 'scenario', 'flag', 'realtime'] as const;

const kebabCase = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const sqlIdentifier = /^[a-z][a-z0-9_]{0,62}$/;

/**
 * What the generator needs to know about a new service. Validated before anything is written, so a
 * typo never leaves half a service behind.
 */
export const serviceOptionsSchema = z
  .object({
    name: z
      .string()
      .max(40, 'must be at most 40 characters (it becomes Kubernetes object names)')
      .regex(kebabCase, 'must be kebab-case: lowercase letters and digits separated by single dashes'),
    port: z.coerce
      .number()
      .int('must be an integer')
      .min(1024, 'must be >= 1024 (services run as non-root)')
      .max(65_535, 'must be <= 65535'),
    scope: z.enum(SERVICE_SCOPES),
    dependencies: z
      .array(z.enum(SERVICE_DEPENDENCIES))
      .refine((deps) => new Set(deps).size === deps.length, 'lists a dependency twice'),
    schema: z.string().regex(sqlIdentifier, 'must be a lowercase SQL identifier ([a-z][a-z0-9_]*)').nullable(),
    description: z.string().trim().min(1).optional(),
  })
  .superRefine((options, ctx) => {
    const hasPostgres = options.dependencies.includes('postgres');
    if (hasPostgres && options.schema === null) {
      ctx.addIssue({ code: 'custom', path: ['schema'], message: 'is required with the postgres dependency' });
    }
    if (!hasPostgres && options.schema !== null) {
      ctx.addIssue({ code: 'custom', path: ['schema'], message: 'only makes sense with the postgres dependency' });
    }
  });

export type ServiceOptions = z.infer<typeof serviceOptionsSchema>;

/**
 * Schema names end up inside SQL identifiers (schema, role, lock key), where bind parameters are
 * not allowed, so they are restricted to a shape that needs no quoting and cannot inject.
 */
const SCHEMA_NAME = /^[a-z][a-z0-9_]{0,39}$/;

export function assertSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`invalid schema name ${JSON.stringify(schema)}: expected ${SCHEMA_NAME.source}`);
  }
  return schema;
}

/**
 * The NOLOGIN role a service's tenant transactions switch to. It owns nothing and is neither
 * superuser nor BYPASSRLS, so row-level security applies to it even when the pool logs in as one.
 */
export function appRoleName(schema: string): string {
  return `forecastin_${assertSchemaName(schema)}_app`;
}

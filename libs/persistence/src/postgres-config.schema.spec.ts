import { z } from 'zod';
import { postgresConfigShape } from './postgres-config.schema';
import { appRoleName, assertSchemaName } from './schema-name';
import { createServiceDataSource } from './service-data-source.factory';
import { createCaptureLogger } from '@forecastin/testing';

const config = z.object(postgresConfigShape);

describe('postgresConfigShape', () => {
  it('has working defaults', () => {
    expect(config.parse({})).toEqual({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/forecastin',
      DB_POOL_MAX: 10,
      DB_STATEMENT_TIMEOUT_MS: 5000,
      DB_CONNECT_TIMEOUT_MS: 3000,
    });
  });

  it('coerces env strings and rejects nonsense', () => {
    expect(config.parse({ DB_POOL_MAX: '4', DATABASE_URL: 'postgresql://u:p@db:5432/x' })).toMatchObject({ DB_POOL_MAX: 4 });
    const result = config.safeParse({ DATABASE_URL: 'mysql://db/x', DB_POOL_MAX: '0', DB_CONNECT_TIMEOUT_MS: 'soon' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['DATABASE_URL', 'DB_CONNECT_TIMEOUT_MS', 'DB_POOL_MAX']);
  });
});

describe('schema names', () => {
  it('accept plain identifiers and derive the app role', () => {
    expect(assertSchemaName('entity')).toBe('entity');
    expect(appRoleName('hierarchy')).toBe('forecastin_hierarchy_app');
  });

  it.each(['Entity', '1abc', 'a-b', 'a"; drop', '', 'x'.repeat(41)])('reject %j', (name) => {
    expect(() => assertSchemaName(name)).toThrow('invalid schema name');
  });
});

describe('createServiceDataSource', () => {
  it('never synchronizes or runs migrations implicitly and keeps the migrations table in the schema', () => {
    const { logger } = createCaptureLogger();
    const dataSource = createServiceDataSource({ url: 'postgres://127.0.0.1/x', schema: 'flag', migrations: [], logger });
    expect(dataSource.options).toMatchObject({
      type: 'postgres',
      schema: 'flag',
      synchronize: false,
      migrationsRun: false,
      dropSchema: false,
      migrationsTableName: 'typeorm_migrations',
      extra: expect.objectContaining({ statement_timeout: 5000, options: '-c search_path=flag,public' }),
    });
  });
});

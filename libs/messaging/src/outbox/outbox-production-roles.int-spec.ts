import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { appRoleName, PostgresDependency, runMigrations, withTenant } from '@forecastin/persistence';
import { adminDatabaseUrl, createCaptureLogger, createTestDatabase, type TestDatabase } from '@forecastin/testing';
import { Client } from 'pg';
import { eventually, natsTestContext, type NatsTestContext } from '../../test/nats-test-context';
import {
  enqueueProbes,
  OUTBOX_SCHEMA,
  OUTBOX_WORKSPACE,
  outboxProbeMigrations,
  outboxRowCount,
  readStream,
  testRelay,
  versionedEvent,
} from '../../test/outbox-test-context';
import type { OutboxRelay } from './outbox-relay';

const PROVISIONING_SQL = join(__dirname, '..', '..', '..', '..', 'deploy', 'postgres', 'provision-service-roles.sql');

function asUser(url: string, user: string): string {
  const withUser = new URL(url);
  withUser.username = user;
  withUser.password = '';
  return withUser.toString();
}

async function asAdmin(sql: string): Promise<void> {
  const client = new Client({ connectionString: adminDatabaseUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function pendingRowsSeenBy(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${OUTBOX_SCHEMA}.outbox`);
    return result.rows[0]?.n ?? -1;
  } finally {
    await client.end();
  }
}

/**
 * The roles of deploy/postgres/provision-service-roles.sql, as production runs them: a migration
 * owner that is no superuser, and a service login that is not the table owner. The rest of the
 * suite connects as the superuser, which would hide a relay that sees no rows.
 */
describe('outbox with the production roles (deploy/postgres/provision-service-roles.sql)', () => {
  const tag = `t_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const owner = `${tag}_owner`;
  const login = `${tag}_login`;
  const plainMember = `${tag}_plain`;
  let ctx: NatsTestContext;
  let database: TestDatabase;
  let postgres: PostgresDependency | undefined;
  let relay: OutboxRelay | undefined;

  beforeAll(async () => {
    [ctx, database] = await Promise.all([natsTestContext('outbox_roles'), createTestDatabase({ prefix: 'roles' })]);
    const variables = { database: database.name, app_role: appRoleName(OUTBOX_SCHEMA), owner, owner_password: 'o', login, login_password: 'l' };
    await promisify(execFile)('psql', [
      database.url,
      '--quiet',
      '-v',
      'ON_ERROR_STOP=1',
      ...Object.entries(variables).flatMap(([name, value]) => ['-v', `${name}=${value}`]),
      '-f',
      PROVISIONING_SQL,
    ]);
    await runMigrations({ url: asUser(database.url, owner), schema: OUTBOX_SCHEMA, migrations: outboxProbeMigrations, logger: createCaptureLogger().logger });
  });

  afterAll(async () => {
    await relay?.close();
    await postgres?.close();
    await ctx.dispose();
    await database.drop();
    await asAdmin(`DROP ROLE IF EXISTS ${owner}, ${login}, ${plainMember}`);
  });

  it('lets the service login write tenant events and relay every workspace, with DML only', async () => {
    const loginUrl = asUser(database.url, login);
    const service = new PostgresDependency({ url: loginUrl, schema: OUTBOX_SCHEMA, migrations: outboxProbeMigrations, logger: createCaptureLogger().logger });
    postgres = service;
    await service.connect();
    // Readiness as the login: it may not read the migrations table, yet sees the schema current.
    await expect(service.check()).resolves.toBeUndefined();
    const event = versionedEvent(randomUUID(), 1);
    await withTenant(service.dataSource, OUTBOX_WORKSPACE, (manager) => enqueueProbes(manager, [event]));

    // A login that is only a member of the app role (what "a DML-only role" first suggested) is
    // subject to the outbox's INSERT-only policy: a relay on it would see nothing, forever.
    await asAdmin(`CREATE ROLE ${plainMember} LOGIN; GRANT ${appRoleName(OUTBOX_SCHEMA)} TO ${plainMember}`);
    expect(await pendingRowsSeenBy(asUser(database.url, plainMember))).toBe(0);
    expect(await pendingRowsSeenBy(loginUrl)).toBe(1);

    relay = testRelay(loginUrl, ctx.nats);
    await relay.connect();
    await eventually(async () => expect((await readStream(ctx)).map((message) => message.msgId)).toContain(event.event_id));
    await eventually(async () => expect(await outboxRowCount(service)).toBe(0));

    await expect(service.dataSource.query(`CREATE TABLE ${OUTBOX_SCHEMA}.intruder (id int)`)).rejects.toThrow(/permission denied/);
  });
});

import { randomUUID } from 'node:crypto';
import { PostgresDependency } from '@forecastin/persistence';
import { NatsDependency } from '@forecastin/messaging';
import {
  createCaptureLogger,
  deleteTestStream,
  migratedServiceDatabase,
  runServiceCommand,
  testNatsEnv,
  testRedisEnv,
  uniqueTestPrefix,
  type TestDatabase,
} from '@forecastin/testing';
import { migrations } from '../src/migrations';
import { EntityTreeModel, seededRandom } from './support/entity-tree.model';
import { MAIN } from './support/hierarchy-cluster';
import { readModelRows } from './support/read-model-database';

/**
 * `rebuild` and `verify` as an operator runs them (`node dist/main.js <command>`), against a real
 * stream holding random entity history and a real read-model database.
 */
describe('hierarchy-service rebuild and verify commands (built dist/main.js)', () => {
  const { logger } = createCaptureLogger();
  const prefix = uniqueTestPrefix('hier_cmd');
  const env = { ...testNatsEnv(prefix), ...testRedisEnv(prefix) };
  let database: TestDatabase;
  let nats: NatsDependency;
  let postgres: PostgresDependency;
  const models = [new EntityTreeModel(randomUUID()), new EntityTreeModel(randomUUID())];

  beforeAll(async () => {
    database = await migratedServiceDatabase(MAIN);
    nats = new NatsDependency({ url: 'nats://127.0.0.1:4222', connectionName: 'hierarchy-cmd-e2e', logger, subjectPrefix: env.NATS_SUBJECT_PREFIX, eventsStream: env.EVENTS_STREAM });
    await nats.connect();
    postgres = new PostgresDependency({ url: database.url, schema: 'hierarchy', migrations, logger });
    await postgres.connect();
    const random = seededRandom(2026);
    for (let step = 0; step < 400; step++) {
      const model = models[step % 2] as EntityTreeModel;
      await nats.publishEvent(model.randomChange(random));
    }
    // Something the live consumer parks; rebuild skips it the same way.
    await nats.jetstream().publish(nats.subjects.event(models[0]?.workspaceId ?? '', 'entity', 'created'), 'not json');
  });

  afterAll(async () => {
    await postgres.close();
    await nats.close();
    await database.drop();
    await deleteTestStream(env.EVENTS_STREAM);
  });

  const run = (command: string) => runServiceCommand(MAIN, [command], { ...env, DATABASE_URL: database.url }, { timeoutMs: 90_000 });

  it('rebuild replays the stream into the read model: equal to the recomputed trees, counts included', async () => {
    const result = await run('rebuild');
    expect(result.code).toBe(0);
    for (const model of models) expect(await readModelRows(postgres, model.workspaceId)).toEqual(model.expected());
    const done = result.jsonLogs.find((line) => line['msg'] === 'read model rebuilt from the stream');
    expect(done).toMatchObject({ applied: 400, malformed: 1 });
  }, 180_000);

  it('verify passes on a correct read model and exits 1 naming the difference on a corrupted one; rebuild repairs it', async () => {
    expect((await run('verify')).code).toBe(0);
    const [victim] = await readModelRows(postgres, models[0]?.workspaceId ?? '');
    await postgres.dataSource.query(`UPDATE hierarchy.nodes SET descendant_count = descendant_count + 3 WHERE id = $1`, [victim?.id]);
    const failed = await run('verify');
    expect(failed.code).toBe(1);
    const report = failed.jsonLogs.find((line) => line['msg'] === 'read model differs from its recount');
    expect(report?.['first']).toEqual([expect.objectContaining({ id: victim?.id, field: 'descendant_count' })]);

    expect((await run('rebuild')).code).toBe(0);
    expect((await run('verify')).code).toBe(0);
  }, 400_000); // four command processes: minutes on a loaded machine
});

// Medium test: what the schemas accept must be accepted by PostgreSQL's ltree extension itself.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { Client } from 'pg';
import { keyArb, lqueryArb, pathArb } from '../../test/arbitraries/ltree.arbitrary';
import { lqueryPatternSchema } from './lquery-pattern.schema';
import { ltreePathSchema, pathDepth } from './ltree-path.schema';
import { slugifyKey } from './slugify-key.util';

const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const database = `contracts_ltree_${randomBytes(6).toString('hex')}`;
let admin: Client;
let db: Client;

beforeAll(async () => {
  admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  db = new Client({ connectionString: url.toString() });
  await db.connect();
  await db.query('CREATE EXTENSION ltree');
});

afterAll(async () => {
  await db?.end();
  await admin?.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin?.end();
});

/** Casts every value in one round trip; on failure, finds the first value PostgreSQL refuses. */
async function castAll(values: readonly string[], type: 'ltree' | 'lquery'): Promise<string | undefined> {
  try {
    await db.query(`SELECT v::${type} FROM unnest($1::text[]) AS v`, [values]);
    return undefined;
  } catch {
    for (const value of values) {
      try {
        await db.query(`SELECT $1::${type}`, [value]);
      } catch (error) {
        return `${JSON.stringify(value)}: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    return 'batch failed but no single value did';
  }
}

describe('ltree schemas against PostgreSQL', () => {
  it('every generated path is a valid ltree of the same depth', async () => {
    const paths = fc.sample(pathArb, 300);
    expect(await castAll(paths, 'ltree')).toBeUndefined();
    const { rows } = await db.query<{ depth: number }>('SELECT nlevel(v::ltree) AS depth FROM unnest($1::text[]) AS v', [paths]);
    expect(rows.map((row) => row.depth)).toEqual(paths.map(pathDepth));
  });

  it('every slugified name and generated key is a valid ltree label', async () => {
    const names = fc.sample(fc.string({ unit: 'grapheme', maxLength: 80 }), 300);
    expect(await castAll([...names.map(slugifyKey), ...fc.sample(keyArb, 100)], 'ltree')).toBeUndefined();
  });

  it('every pattern of the supported grammar is a valid lquery', async () => {
    expect(await castAll(fc.sample(lqueryArb, 500), 'lquery')).toBeUndefined();
  });

  it('no string the lquery schema accepts makes PostgreSQL raise a syntax error', async () => {
    const alphabet = ['a', 'b', '_', '1', '.', '*', '!', '|', '@', '%', '{', '}', ',', '0', '3', ' ', "'", ';', '(', '-', 'A'];
    const candidates = fc.sample(fc.string({ unit: fc.constantFrom(...alphabet), minLength: 1, maxLength: 16 }), 5_000);
    const accepted = candidates.filter((candidate) => lqueryPatternSchema.safeParse(candidate).success);
    expect(accepted.length).toBeGreaterThan(100);
    expect(await castAll(accepted, 'lquery')).toBeUndefined();
    const acceptedPaths = candidates.filter((candidate) => ltreePathSchema.safeParse(candidate).success);
    expect(await castAll(acceptedPaths, 'ltree')).toBeUndefined();
  });

  it('matches paths the way the patterns read', async () => {
    const { rows } = await db.query<{ matches: boolean }>(
      "SELECT 'world.asia.japan'::ltree ~ v::lquery AS matches FROM unnest($1::text[]) AS v",
      [['world.*', '*.japan', '!europe.*', 'world.*{1}.japan', 'world.asia|europe.jap*', 'world.europe.*', '*{4,}']],
    );
    expect(rows.map((row) => row.matches)).toEqual([true, true, true, true, true, false, false]);
  });
});

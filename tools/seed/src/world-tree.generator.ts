import type { Point, Polygon } from '@forecastin/contracts';
import { Prng } from './prng';
import { areaInside, pointAt, starPolygon, type Area } from './world-geometry';
import { CONTINENTS, EVENT_KINDS, ORGANISATION_KINDS, ROLES, SiblingKeys, personName, placeName } from './world-names';

/** One entity of the generated world, parents always before their children. */
export interface SeedEntity {
  readonly id: string;
  readonly parentId: string | null;
  readonly key: string;
  readonly name: string;
  readonly entityType: string;
  readonly description: string | null;
  readonly path: string;
  readonly depth: number;
  readonly location: Point | Polygon | null;
  readonly metadata: Record<string, unknown>;
  readonly confidenceScore: number | null;
}

export interface WorldTreeOptions {
  /** Exactly this many entities (≥ 1). */
  readonly nodes: number;
  /** Decides the world's shape, names, places and metadata. */
  readonly seed: string;
  /** Decides the ids (the seed and the workspace, so two workspaces seeded alike never share event ids). */
  readonly idSeed: string;
}

/** A placed entity that can still receive children. */
interface Placed {
  readonly id: string;
  readonly path: string;
  readonly depth: number;
  readonly name: string;
  readonly area: Area;
}

type Level = 'country' | 'region' | 'city' | 'organisation' | 'event' | 'person';

/**
 * Shares of the whole tree per level, in generation order; people take what is left. At 1M nodes:
 * 250 countries, 30k regions, 150k cities, 150k organisations, 120k events, ~550k people.
 */
const LEVEL_SHARES: ReadonlyArray<readonly [Level, number, number]> = [
  ['country', 0.005, 250],
  ['region', 0.03, Infinity],
  ['city', 0.15, Infinity],
  ['organisation', 0.15, Infinity],
  ['event', 0.12, Infinity],
];

/** How many entities each level gets: every level ≥ 1 while the budget lasts, exactly `nodes` in all. */
export function levelCounts(nodes: number): { continents: number } & Record<Level, number> {
  if (!Number.isInteger(nodes) || nodes < 1) throw new RangeError('nodes must be a positive integer');
  let remaining = nodes - 1;
  const take = (wanted: number): number => {
    const count = Math.min(remaining, wanted);
    remaining -= count;
    return count;
  };
  const continents = take(CONTINENTS.length);
  const counts = { continents } as { continents: number } & Record<Level, number>;
  for (const [level, share, cap] of LEVEL_SHARES) counts[level] = take(Math.min(cap, Math.max(1, Math.round(nodes * share))));
  counts.person = take(remaining);
  return counts;
}

const round3 = (value: number): number => Math.round(value * 1000) / 1000;

/**
 * The world tree in breadth-first order (world → continents → countries → regions → cities →
 * organisations and events → people): each level's children are spread over the previous level at
 * random, grouped by parent, with keys unique among siblings. Deterministic for (seed, idSeed).
 */
export function* worldTree(options: WorldTreeOptions): Generator<SeedEntity> {
  const counts = levelCounts(options.nodes);
  const prng = new Prng(`world:${options.seed}`);
  const ids = new Prng(`ids:${options.idSeed}`);
  const confidence = (): number => round3(prng.between(0.5, 1));

  const world: Placed = { id: ids.uuid(), path: 'world', depth: 1, name: 'World', area: { lon: 0, lat: 0, radius: 90 } };
  yield { id: world.id, parentId: null, key: 'world', name: 'World', entityType: 'world', description: 'The whole map', path: 'world', depth: 1, location: null, metadata: {}, confidenceScore: null };

  const continents: Placed[] = [];
  const rootKeys = new SiblingKeys();
  for (const continent of CONTINENTS.slice(0, counts.continents)) {
    const key = rootKeys.claim(continent.name);
    const placed: Placed = { id: ids.uuid(), path: `world.${key}`, depth: 2, name: continent.name, area: continent };
    continents.push(placed);
    yield {
      id: placed.id, parentId: world.id, key, name: continent.name, entityType: 'continent', description: null, path: placed.path, depth: 2,
      location: starPolygon(prng, continent), metadata: { population: Math.round(prng.between(5e6, 4.5e9)) }, confidenceScore: confidence(),
    };
  }

  /** Spreads `count` children over `parents` at random and yields them grouped by parent. */
  function* childrenOf(parents: readonly Placed[], count: number, make: (parent: Placed, keys: SiblingKeys) => SeedEntity & { area: Area }, keep: Placed[] | undefined): Generator<SeedEntity> {
    if (parents.length === 0 || count === 0) return;
    const perParent = new Uint32Array(parents.length);
    for (let i = 0; i < count; i += 1) {
      const p = prng.index(parents.length);
      perParent[p] = (perParent[p] as number) + 1;
    }
    for (let p = 0; p < parents.length; p += 1) {
      const parent = parents[p] as Placed;
      const keys = new SiblingKeys();
      for (let c = 0; c < (perParent[p] as number); c += 1) {
        const { area, ...entity } = make(parent, keys);
        keep?.push({ id: entity.id, path: entity.path, depth: entity.depth, name: entity.name, area });
        yield entity;
      }
    }
  }

  function child(parent: Placed, keys: SiblingKeys, name: string, fields: Omit<SeedEntity, 'id' | 'parentId' | 'key' | 'name' | 'path' | 'depth'>, area: Area): SeedEntity & { area: Area } {
    const key = keys.claim(name);
    return { id: ids.uuid(), parentId: parent.id, key, name, path: `${parent.path}.${key}`, depth: parent.depth + 1, ...fields, area };
  }

  const countries: Placed[] = [];
  yield* childrenOf(continents, counts.country, (continent, keys) => {
    const area = areaInside(prng, continent.area, 0.7, continent.area.radius * prng.between(0.08, 0.2));
    const iso = Array.from({ length: 3 }, () => String.fromCharCode(65 + prng.index(26))).join('');
    return child(continent, keys, placeName(prng), {
      entityType: 'country', description: `Country in ${continent.name}`, location: starPolygon(prng, area),
      metadata: { iso_code: iso, population: Math.round(prng.between(1e5, 3e8)), gdp_usd_bn: round3(prng.between(1, 5000)) }, confidenceScore: confidence(),
    }, area);
  }, countries);

  const regions: Placed[] = [];
  yield* childrenOf(countries, counts.region, (country, keys) => {
    const area = areaInside(prng, country.area, 0.7, country.area.radius * prng.between(0.1, 0.25));
    return child(country, keys, `${placeName(prng)} Province`, {
      entityType: 'region', description: null, location: starPolygon(prng, area),
      metadata: { population: Math.round(prng.between(1e4, 2e7)) }, confidenceScore: confidence(),
    }, area);
  }, regions);

  const cities: Placed[] = [];
  yield* childrenOf(regions, counts.city, (region, keys) => {
    const area = areaInside(prng, region.area, 0.8, region.area.radius * 0.05);
    return child(region, keys, placeName(prng), {
      entityType: 'city', description: null, location: pointAt(area),
      metadata: { population: Math.round(prng.between(1e3, 2e7)), capital: prng.next() < 0.02 }, confidenceScore: confidence(),
    }, area);
  }, cities);
  regions.length = 0;

  const organisations: Placed[] = [];
  yield* childrenOf(cities, counts.organisation, (city, keys) => {
    const kind = prng.pick(ORGANISATION_KINDS);
    const area = areaInside(prng, city.area, 1, 0);
    return child(city, keys, `${placeName(prng)} ${kind.suffix}`, {
      entityType: 'organisation', description: `${kind.sector} organisation in ${city.name}`, location: pointAt(area),
      metadata: { sector: kind.sector, founded: 1850 + prng.index(175), employees: Math.round(prng.between(5, 2e5)) }, confidenceScore: confidence(),
    }, area);
  }, organisations);

  yield* childrenOf(cities, counts.event, (city, keys) => {
    const kind = prng.pick(EVENT_KINDS);
    const year = 2020 + prng.index(8);
    const day = `${year}-${String(1 + prng.index(12)).padStart(2, '0')}-${String(1 + prng.index(28)).padStart(2, '0')}`;
    const area = areaInside(prng, city.area, 2, 0);
    return child(city, keys, `${city.name} ${kind.label} ${year}`, {
      entityType: 'event', description: null, location: pointAt(area),
      metadata: { kind: kind.kind, starts_on: day, severity: 1 + prng.index(5) }, confidenceScore: confidence(),
    }, area);
  }, undefined);
  cities.length = 0;

  yield* childrenOf(organisations, counts.person, (organisation, keys) =>
    child(organisation, keys, personName(prng), {
      entityType: 'person', description: null, location: null,
      metadata: { role: prng.pick(ROLES), born: 1940 + prng.index(65) }, confidenceScore: confidence(),
    }, organisation.area),
  undefined);
}

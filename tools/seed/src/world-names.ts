import { MAX_KEY_LENGTH, slugifyKey } from '@forecastin/contracts';
import type { Prng } from './prng';

/** The roots' children: real continents with a centre and radius (degrees) that keeps them on the map. */
export const CONTINENTS = [
  { name: 'Africa', lon: 20, lat: 3, radius: 30 },
  { name: 'Asia', lon: 95, lat: 40, radius: 40 },
  { name: 'Europe', lon: 15, lat: 52, radius: 18 },
  { name: 'North America', lon: -100, lat: 45, radius: 30 },
  { name: 'South America', lon: -60, lat: -15, radius: 25 },
  { name: 'Oceania', lon: 140, lat: -25, radius: 22 },
  { name: 'Antarctica', lon: 0, lat: -80, radius: 9 },
] as const;

const SYLLABLES = [
  'ka', 'lo', 'mi', 'ra', 'ten', 'vo', 'sa', 'dor', 'bel', 'nia', 'ru', 'go', 'ves', 'tar', 'lin', 'mo', 'zan', 'qui',
  'pe', 'dra', 'hal', 'sen', 'ko', 'ma', 'li', 'thor', 'wen', 'ia', 'os', 'ber', 'gar', 'un', 'el', 'fa', 'ny', 'cas',
] as const;

const FIRST_NAMES = [
  'Amara', 'Bruno', 'Chen', 'Dalia', 'Emeka', 'Farah', 'Goran', 'Hana', 'Ivan', 'Jia', 'Kofi', 'Lena', 'Mateo', 'Nadia',
  'Omar', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tariq', 'Uma', 'Viktor', 'Wei', 'Ximena', 'Yusuf', 'Zara',
] as const;

const LAST_NAMES = [
  'Abara', 'Berg', 'Costa', 'Dube', 'Eriksen', 'Fischer', 'Garcia', 'Haddad', 'Ito', 'Jovanovic', 'Kim', 'Lopez',
  'Mensah', 'Novak', 'Okafor', 'Petrov', 'Rahman', 'Silva', 'Tanaka', 'Usman', 'Varga', 'Wang', 'Yilmaz', 'Zhou',
] as const;

export const ORGANISATION_KINDS = [
  { suffix: 'Ministry of Trade', sector: 'government' },
  { suffix: 'Holdings', sector: 'finance' },
  { suffix: 'Energy', sector: 'energy' },
  { suffix: 'Logistics', sector: 'transport' },
  { suffix: 'Institute', sector: 'research' },
  { suffix: 'Telecom', sector: 'telecommunications' },
  { suffix: 'Mining', sector: 'resources' },
  { suffix: 'Relief Fund', sector: 'ngo' },
] as const;

export const ROLES = ['minister', 'executive', 'analyst', 'researcher', 'diplomat', 'journalist', 'official', 'founder'] as const;

export const EVENT_KINDS = [
  { label: 'Election', kind: 'election' },
  { label: 'Trade Summit', kind: 'summit' },
  { label: 'Port Strike', kind: 'strike' },
  { label: 'Flood', kind: 'disaster' },
  { label: 'Sanctions Package', kind: 'sanctions' },
  { label: 'Protest', kind: 'protest' },
  { label: 'Energy Deal', kind: 'agreement' },
  { label: 'Border Incident', kind: 'incident' },
] as const;

/** A pronounceable place name of 2-3 syllables ("Kalonia"). */
export function placeName(prng: Prng): string {
  const count = 2 + prng.index(2);
  let name = '';
  for (let i = 0; i < count; i += 1) name += prng.pick(SYLLABLES);
  return name.charAt(0).toUpperCase() + name.slice(1);
}

export function personName(prng: Prng): string {
  return `${prng.pick(FIRST_NAMES)} ${prng.pick(LAST_NAMES)}`;
}

/**
 * Keys unique among one parent's children: the API's default key (a slug of the name), then
 * `<slug>_2`, `<slug>_3`, ... on collisions (like a client retrying a 409). One instance per parent.
 */
export class SiblingKeys {
  private readonly taken = new Map<string, number>();

  claim(name: string): string {
    const base = slugifyKey(name);
    let count = this.taken.get(base);
    if (count === undefined) {
      this.taken.set(base, 1);
      return base;
    }
    for (;;) {
      count += 1;
      const suffix = `_${count}`;
      const candidate = `${base.slice(0, MAX_KEY_LENGTH - suffix.length)}${suffix}`;
      if (!this.taken.has(candidate)) {
        this.taken.set(base, count);
        this.taken.set(candidate, 1);
        return candidate;
      }
    }
  }
}

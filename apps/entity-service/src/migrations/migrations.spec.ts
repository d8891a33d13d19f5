import { migrations } from './index';

describe('entity migrations', () => {
  it('are listed oldest first, each ending in a unique 13-digit timestamp (typeorm orders by it)', () => {
    const stamps = migrations.map((migration) => {
      const name = new migration().name ?? migration.name;
      expect(name).toBe(migration.name);
      const stamp = /(\d{13})$/.exec(name)?.[1];
      expect(stamp).toBeDefined();
      return Number(stamp);
    });
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
    expect(new Set(stamps).size).toBe(stamps.length);
  });
});

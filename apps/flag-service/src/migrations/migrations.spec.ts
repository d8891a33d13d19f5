import { migrationListProblems } from '@forecastin/persistence';
import { migrations } from './index';

describe('flag migrations', () => {
  it('are listed oldest first, each ending in a unique 13-digit timestamp (typeorm orders by it)', () => {
    expect(migrationListProblems(migrations)).toEqual([]);
  });
});

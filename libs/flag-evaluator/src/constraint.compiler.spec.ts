import type { FlagEvaluationContext } from '@forecastin/contracts';
import { constraint as c } from '@forecastin/flag-testing';
import { compileConstraint, compileConstraints } from './constraint.compiler';

// unleash-client's edge cases, spelled out (unleash-compat.spec.ts checks them against the client itself).
describe('compileConstraint', () => {
  it.each<[string, ReturnType<typeof c>, FlagEvaluationContext, boolean]>([
    ['NOT_IN holds for a missing field', c('country', 'NOT_IN', ['NO']), {}, true],
    ['an inverted operator negates its answer for a missing field too', c('plan', 'STR_CONTAINS', ['x'], { inverted: true }), {}, true],
    ['IN ignores case_insensitive', c('plan', 'IN', ['PRO'], { case_insensitive: true }), { properties: { plan: 'pro' } }, false],
    ['list values are trimmed, the context value is not', c('plan', 'IN', [' pro ']), { properties: { plan: 'pro' } }, true],
    ['an untrimmed context value does not match', c('plan', 'IN', ['pro']), { properties: { plan: ' pro' } }, false],
    ['numbers compare their text: true is not a number', c('age', 'NUM_GTE', '0'), { properties: { age: true } }, false],
    ['an empty text is the number 0', c('age', 'NUM_EQ', '0'), { properties: { age: '' } }, true],
    ['a numeric string compares as a number', c('age', 'NUM_LT', '18.5'), { properties: { age: '18.0' } }, true],
    ['semver refuses a "v" prefix in the context', c('version', 'SEMVER_EQ', '1.2.3'), { properties: { version: 'v1.2.3' } }, false],
    ['semver orders pre-releases first', c('version', 'SEMVER_LT', '2.0.0'), { properties: { version: '2.0.0-rc.1' } }, true],
    ['an unparsable semver operand is false', c('version', 'SEMVER_GT', 'latest'), { properties: { version: '1.0.0' } }, false],
    ['date operators read current_time whatever context_name says', c('signup', 'DATE_AFTER', '2026-01-01T00:00:00Z'), { current_time: '2026-02-01T00:00:00Z', properties: { signup: '2020-01-01T00:00:00Z' } }, true],
    ['an invalid date operand is false, inverted true', c('current_time', 'DATE_BEFORE', 'tomorrow', { inverted: true }), {}, true],
    ['known fields fall back to a property of the same name', c('user_id', 'IN', ['ann']), { properties: { user_id: 'ann' } }, true],
    ['properties.<name> and <name> read the same property', c('properties.plan', 'STR_ENDS_WITH', ['ro']), { properties: { plan: 'pro' } }, true],
  ])('%s', (_case, constraint, context, expected) => {
    expect(compileConstraint(constraint)(context)).toBe(expected);
  });

  it('treats an operator it does not know as false, inverted or not (a newer definition)', () => {
    const unknown = { ...c('plan', 'IN', ['pro']), operator: 'REGEX' as 'IN' };
    expect(compileConstraint(unknown)({ properties: { plan: 'pro' } })).toBe(false);
    expect(compileConstraint({ ...unknown, inverted: true })({ properties: { plan: 'pro' } })).toBe(false);
  });

  it('ANDs constraints; none at all holds', () => {
    const both = compileConstraints([c('plan', 'IN', ['pro']), c('age', 'NUM_GT', '17')]);
    expect(both({ properties: { plan: 'pro', age: 18 } })).toBe(true);
    expect(both({ properties: { plan: 'pro', age: 17 } })).toBe(false);
    expect(compileConstraints([])({})).toBe(true);
  });

  it('uses the moment of evaluation when current_time is absent', () => {
    const past = compileConstraint(c('current_time', 'DATE_AFTER', '2000-01-01T00:00:00Z'));
    const future = compileConstraint(c('current_time', 'DATE_BEFORE', '2999-01-01T00:00:00Z'));
    expect(past({}) && future({})).toBe(true);
  });
});

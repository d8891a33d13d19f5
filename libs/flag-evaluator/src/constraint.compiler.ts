import { parse as parseSemver, type SemVer } from 'semver';
import type { FlagConstraint } from '@forecastin/contracts';
import { compileField } from './context-field.resolver';
import type { EvaluationContext } from './evaluation-context.types';

export type ContextPredicate = (context: EvaluationContext) => boolean;

/** An operator applied to one (single) context value. */
type ValueTest = (value: string | undefined) => boolean;

const NEVER: ContextPredicate = () => false;

// unleash-client's cleanValues: empty entries dropped, the rest trimmed.
function cleanValues(values: readonly string[] | undefined): string[] {
  return (values ?? []).filter((value) => value !== '').map((value) => value.trim());
}

function membershipTest(constraint: FlagConstraint): ValueTest {
  const set = new Set(cleanValues(constraint.values));
  // case_insensitive does not apply to IN/NOT_IN in unleash-client; neither does it here.
  return constraint.operator === 'IN' ? (value) => value !== undefined && set.has(value) : (value) => value === undefined || !set.has(value);
}

function stringTest(constraint: FlagConstraint): ValueTest {
  const insensitive = constraint.case_insensitive;
  const values = cleanValues(constraint.values).map((value) => (insensitive ? value.toLocaleLowerCase() : value));
  const matches =
    constraint.operator === 'STR_STARTS_WITH'
      ? (text: string) => values.some((value) => text.startsWith(value))
      : constraint.operator === 'STR_ENDS_WITH'
        ? (text: string) => values.some((value) => text.endsWith(value))
        : (text: string) => values.some((value) => text.includes(value));
  return (value) => value !== undefined && matches(insensitive ? value.toLocaleLowerCase() : value);
}

const NUMBER_COMPARISONS: Readonly<Record<string, (left: number, right: number) => boolean>> = {
  NUM_EQ: (left, right) => left === right,
  NUM_GT: (left, right) => left > right,
  NUM_GTE: (left, right) => left >= right,
  NUM_LT: (left, right) => left < right,
  NUM_LTE: (left, right) => left <= right,
};

function numberTest(constraint: FlagConstraint): ValueTest {
  const target = Number(constraint.value);
  const compare = NUMBER_COMPARISONS[constraint.operator];
  if (Number.isNaN(target) || !compare) return () => false;
  // Number(undefined) is NaN and Number('') is 0, exactly as unleash-client converts.
  return (value) => {
    const number = Number(value);
    return !Number.isNaN(number) && compare(number, target);
  };
}

const SEMVER_COMPARISONS: Readonly<Record<string, (order: number) => boolean>> = {
  SEMVER_EQ: (order) => order === 0,
  SEMVER_GT: (order) => order > 0,
  SEMVER_LT: (order) => order < 0,
};

function semverTest(constraint: FlagConstraint): ValueTest {
  const target = constraint.value === undefined ? null : parseSemver(constraint.value);
  const accept = SEMVER_COMPARISONS[constraint.operator];
  // An unparsable target makes unleash-client's semver call throw, which it answers false.
  if (!target || !accept) return () => false;
  return (value) => {
    if (!value || value.startsWith('v')) return false;
    const version = parseSemver(value);
    return version !== null && accept(compareSemver(version, target));
  };
}

function compareSemver(left: SemVer, right: SemVer): number {
  return left.compare(right);
}

/**
 * Date operators compare `current_time` whatever `context_name` says, as unleash-client's do;
 * an absent (or empty) `current_time` means now. An invalid date on either side is false.
 */
function datePredicate(constraint: FlagConstraint): ContextPredicate {
  const target = new Date(constraint.value ?? Number.NaN).getTime();
  const after = constraint.operator === 'DATE_AFTER';
  return (context) => {
    const time = context.current_time ? new Date(context.current_time).getTime() : Date.now();
    return after ? time > target : time < target;
  };
}

function valueTest(constraint: FlagConstraint): ValueTest | undefined {
  const { operator } = constraint;
  if (operator === 'IN' || operator === 'NOT_IN') return membershipTest(constraint);
  if (operator.startsWith('STR_')) return stringTest(constraint);
  if (operator.startsWith('NUM_')) return numberTest(constraint);
  if (operator.startsWith('SEMVER_')) return semverTest(constraint);
  return undefined;
}

function positivePredicate(constraint: FlagConstraint): ContextPredicate | undefined {
  if (constraint.operator === 'DATE_AFTER' || constraint.operator === 'DATE_BEFORE') return datePredicate(constraint);
  const test = valueTest(constraint);
  if (!test) return undefined;
  const field = compileField(constraint.context_name);
  if (field.kind === 'single') {
    const read = field.read;
    return (context) => test(read(context));
  }
  // A multi-valued field (roles) satisfies the operator when one of its values does; none is "absent".
  const readList = field.read;
  return (context) => {
    const values = readList(context);
    return values === undefined || values.length === 0 ? test(undefined) : values.some(test);
  };
}

/**
 * One constraint as a predicate over the context, compiled once. `inverted` negates the operator's
 * answer, including its answer for a missing field (NOT_IN on an absent field is true, inverted
 * STR_CONTAINS too), as in unleash-client. An operator this engine does not know (a newer
 * definition) is false whether inverted or not, as unleash-client treats one it does not know.
 */
export function compileConstraint(constraint: FlagConstraint): ContextPredicate {
  const positive = positivePredicate(constraint);
  if (!positive) return NEVER;
  return constraint.inverted ? (context) => !positive(context) : positive;
}

/** Constraints are AND'ed; none at all is true. */
export function compileConstraints(constraints: readonly FlagConstraint[]): ContextPredicate {
  const predicates = constraints.map(compileConstraint);
  if (predicates.length === 0) return () => true;
  if (predicates.length === 1) return predicates[0] as ContextPredicate;
  return (context) => {
    for (const predicate of predicates) if (!predicate(context)) return false;
    return true;
  };
}

import type { RandomSource } from './bucketing';
import { unsatisfiableFlags } from './dependency.graph';
import type { EvaluationContext } from './evaluation-context.types';
import type { FlagDefinitionInput, FlagEvaluation } from './flag-evaluation.types';
import { compileFlag, type CompiledFlag, type ParentEvaluations } from './flag.compiler';

export interface FlagEvaluatorOptions {
  /** For "random" stickiness (and default stickiness without user or session id); Math.random by default. */
  readonly random?: RandomSource;
}

function notFound(key: string): FlagEvaluation {
  return { key, enabled: false, value: false, reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' };
}

/** One top-level evaluation: parents are evaluated once and shared, so every answer in it agrees. */
class EvaluationScope implements ParentEvaluations {
  private memo: Map<string, FlagEvaluation> | undefined;

  constructor(
    private readonly flags: ReadonlyMap<string, CompiledFlag>,
    readonly random: RandomSource,
  ) {}

  parent(key: string, context: EvaluationContext): FlagEvaluation {
    const known = this.memo?.get(key);
    if (known) return known;
    const flag = this.flags.get(key);
    // Unreachable for compiled sets (a missing parent makes the child unsatisfiable); off regardless.
    const result = flag ? flag.evaluate(context, this) : notFound(key);
    (this.memo ??= new Map()).set(key, result);
    return result;
  }
}

/**
 * A set of flags compiled for evaluation. Compile once per snapshot (flag-service on each change,
 * flags-client on each new snapshot) and evaluate many times; evaluations are pure and synchronous.
 */
export class FlagEvaluator {
  private readonly compiled: ReadonlyMap<string, CompiledFlag>;
  private readonly random: RandomSource;
  private readonly rootScope: EvaluationScope;

  private constructor(flags: readonly FlagDefinitionInput[], options: FlagEvaluatorOptions) {
    const byKey = new Map(flags.map((flag) => [flag.key, flag]));
    const unsatisfiable = unsatisfiableFlags(byKey);
    this.compiled = new Map([...byKey.values()].map((flag) => [flag.key, compileFlag(flag, unsatisfiable.has(flag.key))]));
    this.random = options.random ?? Math.random;
    this.rootScope = new EvaluationScope(this.compiled, this.random);
  }

  /** Later definitions with the same key replace earlier ones. */
  static compile(flags: readonly FlagDefinitionInput[], options: FlagEvaluatorOptions = {}): FlagEvaluator {
    return new FlagEvaluator(flags, options);
  }

  get size(): number {
    return this.compiled.size;
  }

  has(key: string): boolean {
    return this.compiled.has(key);
  }

  keys(): IterableIterator<string> {
    return this.compiled.keys();
  }

  /** An unknown key answers reason ERROR with errorCode FLAG_NOT_FOUND (and value false). */
  evaluate(key: string, context: EvaluationContext): FlagEvaluation {
    const flag = this.compiled.get(key);
    if (!flag) return notFound(key);
    // A flag without dependencies never asks for a parent: no per-call scope to allocate.
    return flag.evaluate(context, flag.hasDependencies ? new EvaluationScope(this.compiled, this.random) : this.rootScope);
  }

  /** Every flag for one context (OFREP bulk); parents shared, so the answers agree with each other. */
  evaluateAll(context: EvaluationContext): FlagEvaluation[] {
    const scope = new EvaluationScope(this.compiled, this.random);
    return [...this.compiled.keys()].map((key) => scope.parent(key, context));
  }
}

/**
 * Evaluates one flag against the others it may depend on. Compiles on every call: for anything
 * evaluated more than once, compile a FlagEvaluator instead.
 */
export function evaluateFlag(
  flag: FlagDefinitionInput,
  context: EvaluationContext,
  flagsByKey: ReadonlyMap<string, FlagDefinitionInput> | Readonly<Record<string, FlagDefinitionInput>> = {},
  options: FlagEvaluatorOptions = {},
): FlagEvaluation {
  const others = flagsByKey instanceof Map ? [...flagsByKey.values()] : Object.values(flagsByKey);
  return FlagEvaluator.compile([...others, flag], options).evaluate(flag.key, context);
}

/**
 * What a flag is evaluated for (API.md "Feature flags"). OFREP's `targetingKey` arrives here as
 * `user_id`; the caller's identity fills the fields the request leaves out (flag-service's job).
 * Constraints and stickiness name these fields; any other name reads `properties.<name>`.
 */
export interface EvaluationContext {
  readonly user_id?: string;
  readonly session_id?: string;
  readonly workspace_id?: string;
  /** Multi-valued: a constraint on `roles` holds when it holds for any one role. */
  readonly roles?: readonly string[];
  readonly remote_address?: string;
  /** Date operators compare this (or the evaluation's wall-clock time when absent). */
  readonly current_time?: string | Date;
  readonly properties?: Readonly<Record<string, string | number | boolean | undefined>>;
}

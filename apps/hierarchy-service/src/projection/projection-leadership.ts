import type { DataSource, QueryRunner } from 'typeorm';
import type { Logger } from '@forecastin/observability';

/**
 * One projecting instance per database: a session advisory lock held on a dedicated connection.
 * Events must be applied in stream order, and a durable pull consumer shared by several instances
 * would hand consecutive events to different processes. The others wait as standbys and take over
 * when the leader's session ends (crash, shutdown, lost connection).
 */
export class ProjectionLeadership {
  private runner: QueryRunner | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly lockName: string,
    private readonly logger: Logger,
  ) {}

  get isLeader(): boolean {
    return this.runner !== undefined;
  }

  /** Tries once; true when this instance holds (or already held) the lock. */
  async tryAcquire(): Promise<boolean> {
    if (this.runner) return true;
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.connect();
      const rows: Array<{ locked: boolean }> = await runner.query(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [this.lockName]);
      if (rows[0]?.locked === true) {
        this.runner = runner;
        this.logger.info({ lock: this.lockName }, 'projection leadership acquired');
        return true;
      }
    } catch (error: unknown) {
      this.logger.warn({ err: error }, 'could not try the projection lock');
    }
    await runner.release().catch(() => undefined);
    return false;
  }

  /** Still holding it? A failed probe means the session (and the lock) is gone. */
  async stillHeld(): Promise<boolean> {
    if (!this.runner) return false;
    try {
      await this.runner.query('SELECT 1');
      return true;
    } catch (error: unknown) {
      this.logger.warn({ err: error }, 'projection leadership lost with its connection');
      await this.release();
      return false;
    }
  }

  async release(): Promise<void> {
    const runner = this.runner;
    this.runner = undefined;
    if (!runner) return;
    await runner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [this.lockName]).catch(() => undefined);
    await runner.release().catch(() => undefined);
  }
}

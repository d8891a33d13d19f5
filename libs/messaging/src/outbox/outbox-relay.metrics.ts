import { Counter, Gauge, type Registry } from 'prom-client';

/** What the relay knows about itself, read by the metrics at scrape time. */
export interface RelayMetricsSource {
  readonly schema: string;
  readonly isLeader: boolean;
  readonly pendingRows: number;
  readonly oldestPendingAgeMs: number;
}

export interface RelayMetrics {
  published(count: number): void;
  duplicates(count: number): void;
}

/**
 * Prometheus metrics of one relay on `registry`, labelled by schema. Gauges are filled at scrape
 * time from the relay's last pending-row count (refreshed at most once a second, by the leader and
 * the standbys alike, so any instance shows the lag).
 */
export function registerRelayMetrics(registry: Registry, source: RelayMetricsSource): RelayMetrics {
  const labels = { schema: source.schema };
  new Gauge({
    name: 'forecastin_outbox_pending_rows',
    help: 'Committed outbox rows not yet published to JetStream',
    labelNames: ['schema'],
    registers: [registry],
    collect() {
      this.set(labels, source.pendingRows);
    },
  });
  new Gauge({
    name: 'forecastin_outbox_oldest_pending_age_seconds',
    help: 'Age of the oldest unpublished outbox row (0 when none): the relay lag',
    labelNames: ['schema'],
    registers: [registry],
    collect() {
      this.set(labels, source.oldestPendingAgeMs / 1000);
    },
  });
  new Gauge({
    name: 'forecastin_outbox_relay_leader',
    help: '1 while this instance holds the relay lock and publishes the outbox',
    labelNames: ['schema'],
    registers: [registry],
    collect() {
      this.set(labels, source.isLeader ? 1 : 0);
    },
  });
  const published = new Counter({
    name: 'forecastin_outbox_published_total',
    help: 'Outbox rows published to JetStream (acknowledged) by this instance',
    labelNames: ['schema'],
    registers: [registry],
  });
  const duplicates = new Counter({
    name: 'forecastin_outbox_duplicates_total',
    help: 'Rows republished that JetStream already had (Nats-Msg-Id dedupe: stored once), e.g. after a failover',
    labelNames: ['schema'],
    registers: [registry],
  });
  published.inc(labels, 0);
  duplicates.inc(labels, 0);
  return { published: (count) => published.inc(labels, count), duplicates: (count) => duplicates.inc(labels, count) };
}

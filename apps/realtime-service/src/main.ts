import { bootstrap } from '@forecastin/lifecycle';
import { NatsDependency, natsConfigShape, eventsMaxAgeMs } from '@forecastin/messaging';
import { AppModule } from './app.module';

void bootstrap({
  name: 'realtime-service',
  defaultPort: 3005,
  configShape: { ...natsConfigShape },
  dependencies: (config, logger) => [
    new NatsDependency({
      url: config.NATS_URL,
      connectionName: 'realtime-service',
      logger,
      subjectPrefix: config.NATS_SUBJECT_PREFIX,
      eventsStream: config.EVENTS_STREAM,
      eventsMaxAgeMs: eventsMaxAgeMs(config),
      requestTimeoutMs: config.NATS_REQUEST_TIMEOUT_MS,
    }),
  ],
  rootModule: AppModule,

});

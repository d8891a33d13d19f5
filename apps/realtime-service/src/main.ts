import { bootstrap } from '@forecastin/lifecycle';
import { NatsDependency, natsConfigShape } from '@forecastin/messaging';
import { AppModule } from './app.module';

void bootstrap({
  name: 'realtime-service',
  defaultPort: 3005,
  configShape: { ...natsConfigShape },
  dependencies: (config, logger) => [
    NatsDependency.fromConfig(config, { connectionName: 'realtime-service', logger }),
  ],
  rootModule: AppModule,

});

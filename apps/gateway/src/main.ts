import { bootstrap } from '@forecastin/lifecycle';
import { RedisDependency, redisConfigShape } from '@forecastin/cache';
import { AppModule } from './app.module';

void bootstrap({
  name: 'gateway',
  defaultPort: 3000,
  configShape: { ...redisConfigShape },
  dependencies: (config, logger) => [
    new RedisDependency({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX, logger }),
  ],
  rootModule: AppModule,

});

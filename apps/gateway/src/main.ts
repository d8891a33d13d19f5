import { bootstrap } from '@forecastin/lifecycle';
import { AppModule } from './app.module';
import { assertGatewayConfig, gatewayConfigShape } from './gateway-config';
import { GatewayComposition } from './pipeline';

let gateway: GatewayComposition | undefined;

void bootstrap({
  name: 'gateway',
  defaultPort: 3000,
  configShape: gatewayConfigShape,
  // bootstrap builds the dependencies first and configures HTTP later; both need the same parts.
  dependencies: (config, logger) => {
    assertGatewayConfig(config);
    gateway = new GatewayComposition(config, logger);
    return gateway.dependencies();
  },
  rootModule: AppModule,
  configure: (app) => {
    if (!gateway) throw new Error('gateway parts were not built before configure');
    gateway.register(app);
  },
});

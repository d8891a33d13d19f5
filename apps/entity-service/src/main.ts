import { bootstrap } from '@forecastin/lifecycle';
import { entityServiceDefinition } from './service-definition';

void bootstrap(entityServiceDefinition);

import path from 'node:path';
import { describeServiceLifecycle } from '@forecastin/testing';

describeServiceLifecycle({ service: 'scenario-service', main: path.join(__dirname, '..', 'dist', 'main.js'), database: true });

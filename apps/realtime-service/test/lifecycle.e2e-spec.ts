import path from 'node:path';
import { describeServiceLifecycle } from '@forecastin/testing';

describeServiceLifecycle({ service: 'realtime-service', main: path.join(__dirname, '..', 'dist', 'main.js'), database: false });

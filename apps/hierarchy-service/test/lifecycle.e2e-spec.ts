import path from 'node:path';
import { describeServiceLifecycle } from '@forecastin/testing';

describeServiceLifecycle({ service: 'hierarchy-service', main: path.join(__dirname, '..', 'dist', 'main.js'), database: true });

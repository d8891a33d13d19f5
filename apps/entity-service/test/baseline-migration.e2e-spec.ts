import path from 'node:path';
import { describeBaselineMigration } from '@forecastin/testing';

describeBaselineMigration({ service: 'entity-service', schema: 'entity', main: path.join(__dirname, '..', 'dist', 'main.js') });

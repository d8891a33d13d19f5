import path from 'node:path';
import { describeBaselineMigration } from '@forecastin/testing';

describeBaselineMigration({ service: 'scenario-service', schema: 'scenario', main: path.join(__dirname, '..', 'dist', 'main.js') });

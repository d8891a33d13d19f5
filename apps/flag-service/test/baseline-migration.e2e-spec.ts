import path from 'node:path';
import { describeBaselineMigration } from '@forecastin/testing';

describeBaselineMigration({ service: 'flag-service', schema: 'flag', main: path.join(__dirname, '..', 'dist', 'main.js') });

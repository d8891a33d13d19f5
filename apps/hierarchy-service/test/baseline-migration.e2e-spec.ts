import path from 'node:path';
import { describeBaselineMigration } from '@forecastin/testing';

describeBaselineMigration({ service: 'hierarchy-service', schema: 'hierarchy', main: path.join(__dirname, '..', 'dist', 'main.js') });

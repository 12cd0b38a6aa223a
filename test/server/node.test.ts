import { defineIntegrationSuite } from './integration-suite.ts';

defineIntegrationSuite('node');

import { defineIntegrationSuite } from './integration-suite.ts';

// The Workers bundle (dist/worker/index.js, built by `npm run build`) in workerd via Miniflare.
defineIntegrationSuite('workers');

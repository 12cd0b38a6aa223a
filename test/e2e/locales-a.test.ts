/** Every locale end to end, part a (see support/locale-suite.ts). */
import { localeSuite } from './support/locale-suite.ts';

localeSuite(['en', 'de', 'fr', 'es', 'it', 'pt', 'nl']);

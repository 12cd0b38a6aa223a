/** Every locale end to end, part b (see support/locale-suite.ts). */
import { localeSuite } from './support/locale-suite.ts';

localeSuite(['pl', 'sv', 'tr', 'ja', 'zh', 'ar', 'he']);

// Imported first by main.ts, before any schema exists: the CSP has no 'unsafe-eval', so zod must
// not probe for `new Function` (its JIT check), which would be a CSP violation on every load.
import { z } from 'zod';

z.config({ jitless: true });

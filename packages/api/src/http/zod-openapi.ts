import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';

// `.openapi()` on our schemas (examples, path parameters, component names) needs zod's prototype extended
// once, before any schema is built: import this module first wherever a schema calls `.openapi()` when
// its module loads. Only `ZodType` is handed over, not zod's namespace: a namespace used as a value is
// bundled whole, its 40-odd locales included (bench/README.md, Lambda).
extendZodWithOpenApi({ ZodType: z.ZodType } as typeof z);

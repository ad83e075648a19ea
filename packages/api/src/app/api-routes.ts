import { registerCommandRoute } from '../routes/commands.ts';
import { registerPeopleRoutes } from '../routes/people.ts';
import { registerProjectReads } from '../routes/project-reads.ts';
import { validationHook } from '../routes/route-kit.ts';
import { registerStreamReads } from '../routes/stream-reads.ts';
import { registerStructureReads } from '../routes/structure-reads.ts';
import { documentHealth } from '../routes/system.ts';
import { registerTerritoryRoutes } from '../routes/territories.ts';
import type { ApiRoutes } from './build-app.ts';

/** Every route behind a token, in the order the OpenAPI document lists them (after /health). */
export const registerApiRoutes: ApiRoutes['register'] = (app) => {
  documentHealth(app);
  for (const kind of ['project', 'structure', 'cohort'] as const) {
    registerCommandRoute(app, kind);
    registerStreamReads(app, kind);
  }
  registerProjectReads(app);
  registerStructureReads(app);
  registerTerritoryRoutes(app);
  registerPeopleRoutes(app);
};

export { validationHook };

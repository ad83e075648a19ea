import { Journal, seedLotScenario } from '@chemins/core';
import { demoTokens } from '../hosts/demo-tokens.ts';
import { startLocalServer } from '../hosts/local-server.ts';
import { storeFromEnv } from '../hosts/store-from-env.ts';

/** `chemins serve`: the local server, seeded on first run, printing its URL and demo tokens. */
export async function serveCommand(): Promise<number> {
  const configured = await storeFromEnv();
  const port = Number(process.env.PORT ?? '3000');
  const server = await startLocalServer({
    store: configured.store,
    directory: configured.directory,
    port,
    hostname: process.env.HOST ?? '127.0.0.1',
    ...(process.env.CHEMINS_JWT_SECRET ? { secret: process.env.CHEMINS_JWT_SECRET } : {}),
    ...(process.env.CHEMINS_JWT_ISSUER ? { issuer: process.env.CHEMINS_JWT_ISSUER } : {}),
    ...(process.env.CHEMINS_JWT_AUDIENCE ? { audience: process.env.CHEMINS_JWT_AUDIENCE } : {}),
    corsOrigins: (process.env.CHEMINS_CORS_ORIGINS ?? '').split(',').filter(Boolean),
  });
  const lines = [
    `Chemins API on ${server.url} (${configured.description})`,
    `Docs: ${server.url}/docs   OpenAPI: ${server.url}/openapi.json`,
    server.seeded
      ? 'Seeded the Lot scenario (8 structures, cohort lot-2022, territory 46).'
      : 'Journal already seeded.',
    server.secretWasGenerated
      ? `CHEMINS_JWT_SECRET was not set: this run signs tokens with ${server.secret}`
      : 'Tokens are signed with CHEMINS_JWT_SECRET.',
    'Tokens (12 h):',
  ];
  for (const [who, token] of Object.entries(await demoTokens(server.secret)))
    lines.push(`  ${who}:`, `    ${token}`);
  lines.push(`Try: curl -H "Authorization: Bearer <token>" ${server.url}/projects/causses-2023`);
  process.stderr.write(`${lines.join('\n')}\n`);
  const stop = async () => {
    await server.close();
    await configured.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // Serve until a signal: the returned promise never settles.
  return new Promise<number>(() => {});
}

/** `chemins seed`: the Lot scenario, into whatever store is configured. */
export async function seedCommand(): Promise<number> {
  const configured = await storeFromEnv();
  try {
    const summary = await seedLotScenario(new Journal(configured.store));
    process.stdout.write(`Seeded ${summary.streams.length} streams into ${configured.description}\n`);
    return 0;
  } finally {
    await configured.close();
  }
}

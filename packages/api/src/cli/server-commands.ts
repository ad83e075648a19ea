import { Journal, seedLotScenario } from '@chemins/core';
import { demoTokens } from '../hosts/demo-tokens.ts';
import { startLocalServer } from '../hosts/local-server.ts';
import { portFromEnv } from '../hosts/port-from-env.ts';
import { storeFromEnv } from '../hosts/store-from-env.ts';

type DemoTokens = Awaited<ReturnType<typeof demoTokens>>;

/** The shell variable each printed token is in the README's curl examples. */
const README_NAMES: Record<keyof DemoTokens, string> = {
  'staff of the Centre social des Causses': 'TOKEN',
  'CAF adviser of territory 46': 'ADVISER_TOKEN',
  'auditor of territory 46': 'AUDITOR_TOKEN',
  'facilitator of the Lot cohort (lot-2022)': 'FACILITATOR_TOKEN',
  'admin of territory 46': 'ADMIN_TOKEN',
};

/** `chemins serve`: the local server, seeded on first run, printing its URL and demo tokens. */
export async function serveCommand(): Promise<number> {
  // Settings first: a bad PORT is refused before any store is opened.
  const port = portFromEnv();
  const configured = await storeFromEnv();
  // Checked only when configured; the printed tokens then carry them too.
  const claims = {
    ...(process.env.CHEMINS_JWT_ISSUER ? { issuer: process.env.CHEMINS_JWT_ISSUER } : {}),
    ...(process.env.CHEMINS_JWT_AUDIENCE ? { audience: process.env.CHEMINS_JWT_AUDIENCE } : {}),
  };
  const server = await startLocalServer({
    store: configured.store,
    directory: configured.directory,
    port,
    hostname: process.env.HOST ?? '127.0.0.1',
    ...(process.env.CHEMINS_JWT_SECRET ? { secret: process.env.CHEMINS_JWT_SECRET } : {}),
    ...claims,
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
    "Tokens (12 h), under the names the README's examples give them:",
  ];
  const tokens = await demoTokens(server.secret, new Date(), claims);
  for (const [who, token] of Object.entries(tokens) as [keyof DemoTokens, string][])
    lines.push(`  ${README_NAMES[who]}: ${who}`, `    ${token}`);
  lines.push(`Try: curl -H "Authorization: Bearer <token>" ${server.url}/projects/causses-2023`);
  const stop = async () => {
    await server.close();
    await configured.close();
    process.exit(0);
  };
  // Before the banner: whoever reads it may stop the server at once, and must get a clean exit.
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.stderr.write(`${lines.join('\n')}\n`);
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

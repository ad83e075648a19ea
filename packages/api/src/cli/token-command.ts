import { parseArgs } from 'node:util';
import { roleSchema } from '@chemins/core';
import { signToken } from '../auth/hs256.ts';

/** `chemins token --role R --structure S --territory T`: a local HS256 token for CHEMINS_JWT_SECRET. */
export async function tokenCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      role: { type: 'string' },
      structure: { type: 'string', multiple: true },
      territory: { type: 'string', multiple: true },
      sub: { type: 'string' },
      ttl: { type: 'string' },
    },
    strict: true,
  });
  const secret = process.env.CHEMINS_JWT_SECRET;
  if (!secret) throw new Error('set CHEMINS_JWT_SECRET to the secret the server uses');
  const role = roleSchema.safeParse(values.role);
  if (!role.success) throw new Error(`--role must be one of ${roleSchema.options.join(', ')}`);
  const ttlSeconds = values.ttl ? Number(values.ttl) : 12 * 3600;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0)
    throw new Error('--ttl must be a whole number of seconds');
  const token = await signToken(
    {
      sub: values.sub ?? `${role.data}-cli`,
      role: role.data,
      structures: values.structure ?? [],
      territories: values.territory ?? [],
      ttlSeconds,
      ...(process.env.CHEMINS_JWT_ISSUER ? { issuer: process.env.CHEMINS_JWT_ISSUER } : {}),
      ...(process.env.CHEMINS_JWT_AUDIENCE ? { audience: process.env.CHEMINS_JWT_AUDIENCE } : {}),
    },
    secret,
  );
  process.stdout.write(`${token}\n`);
  return 0;
}

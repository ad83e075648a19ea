import { seedCommand, serveCommand } from './server-commands.ts';
import { tokenCommand } from './token-command.ts';
import { exportCommand, importCommand, verifyCommand } from './transfer-commands.ts';

const USAGE = `chemins — the Chemins journal from the command line

  chemins serve                       serve the API (PORT, CHEMINS_STORE, CHEMINS_DATA, CHEMINS_JWT_SECRET)
  chemins seed                        seed the Lot scenario into the configured store (idempotent)
  chemins token --role R [--structure S]... [--territory T]... [--sub ID] [--ttl SECONDS]
                                      sign a local token with CHEMINS_JWT_SECRET
  chemins export <stream|territory>   print NDJSON envelopes (project:causses-2023, or 46)
  chemins import <file.ndjson>        verify every chain, then import (nothing if anything is broken)
  chemins verify <file.ndjson>        exit 0 if every chain holds, else name the first broken event
`;

const commands: Record<string, (args: string[]) => Promise<number>> = {
  serve: serveCommand,
  seed: seedCommand,
  token: tokenCommand,
  export: exportCommand,
  import: importCommand,
  verify: verifyCommand,
};

const [name, ...args] = process.argv.slice(2);
const command = name ? commands[name] : undefined;
if (!command) {
  process.stderr.write(name && name !== '--help' ? `unknown command "${name}"\n\n${USAGE}` : USAGE);
  process.exitCode = name && name !== '--help' ? 2 : 0;
} else {
  try {
    process.exitCode = await command(args);
  } catch (error) {
    process.stderr.write(`chemins ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}

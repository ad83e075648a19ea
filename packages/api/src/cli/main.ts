import { keygenCommand, rebuildCommand, sealCommand, verifyFileCommand } from './seal-commands.ts';
import { seedCommand, serveCommand } from './server-commands.ts';
import { tokenCommand } from './token-command.ts';
import { exportCommand, importCommand } from './transfer-commands.ts';

const USAGE = `chemins — the Chemins journal from the command line

  chemins serve                       serve the API (PORT, CHEMINS_STORE, CHEMINS_DATA, CHEMINS_JWT_SECRET)
  chemins seed                        seed the Lot scenario into the configured store (idempotent)
  chemins token --role R [--structure S]... [--territory T]... [--sub ID] [--ttl SECONDS]
                                      sign a local token with CHEMINS_JWT_SECRET
  chemins export <stream|territory>   print NDJSON envelopes (project:causses-2023, or 46)
  chemins import <file.ndjson>        verify every chain, then import (nothing if anything is broken)
  chemins verify [--seal seal.json --key public.pem] <file.ndjson>
                                      exit 0 if every chain holds (and the file is exactly the sealed
                                      history), else name the first broken event or where it differs
  chemins keygen                      an Ed25519 key pair for seals (private, then public, PEM)
  chemins seal <territory>            a signed statement of the territory's ledger head (CHEMINS_SEAL_KEY)
  chemins rebuild <territory>         recompute the territory's dashboard summaries from its ledger
`;

const commands: Record<string, (args: string[]) => Promise<number>> = {
  serve: serveCommand,
  seed: seedCommand,
  token: tokenCommand,
  export: exportCommand,
  import: importCommand,
  verify: verifyFileCommand,
  keygen: keygenCommand,
  seal: sealCommand,
  rebuild: rebuildCommand,
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

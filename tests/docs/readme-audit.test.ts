// Runs the README's audit walkthrough ("Prove nothing was rewritten") with bash, as written, in an empty
// temporary directory: `npx chemins` resolves there to the workspace's CLI (a node_modules/.bin link, as
// in the repository), so the commands make a fresh SQLite journal under the directory's .chemins/. Each
// `# ...` line right after a command is the output the README promises for it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readmeSection, shellBlocks } from './support/readme-shell.ts';

const CHEMINS_BIN = fileURLToPath(new URL('../../packages/api/bin/chemins.js', import.meta.url));
const [block = ''] = shellBlocks(readmeSection('Prove nothing was rewritten'));
const work = mkdtempSync(join(tmpdir(), 'chemins-readme-audit-'));

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Each command followed by `# output` lines, with those lines. */
function promisedOutputs(script: string): { command: string; output: string }[] {
  const lines = script.split('\n');
  return lines.flatMap((line, index) => {
    const previous = lines[index - 1] ?? '';
    if (!line.startsWith('# ') || previous === '' || previous.startsWith('#')) return [];
    return [{ command: previous, output: line.slice(2) }];
  });
}

describe("the README's audit walkthrough", () => {
  it('prints what the README shows: the sealed export verifies, the tampered line is named', () => {
    const promised = promisedOutputs(block);
    expect(promised.map(({ output }) => output.split(' ')[0])).toEqual(['ok:', 'broken']);

    mkdirSync(join(work, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(CHEMINS_BIN, join(work, 'node_modules', '.bin', 'chemins'));
    const failed = join(work, 'failed-commands');
    // Every variable the CLI reads comes from the walkthrough itself; npx must not fetch anything.
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !/^(CHEMINS_|DYNAMODB_|PORT$|HOST$)/.test(name)),
    );
    const run = spawnSync('bash', ['-c', `trap 'echo "$BASH_COMMAND" >> "$FAILED_COMMANDS"' ERR\n${block}`], {
      cwd: work,
      env: { ...env, npm_config_offline: 'true', FAILED_COMMANDS: failed },
      encoding: 'utf8',
      timeout: 110_000,
    });
    const printed = `${run.stdout}${run.stderr}`.split('\n');
    for (const { command, output } of promised) expect(printed, command).toContain(output);

    // Only the verification of the tampered file fails (and so the walkthrough's last command).
    const failures = readFileSync(failed, 'utf8').trim().split('\n');
    const tampered = promised.find(({ output }) => output.startsWith('broken'))?.command;
    expect(failures).toEqual([tampered]);
    expect(run.status).toBe(1);
  }, 120_000);
});

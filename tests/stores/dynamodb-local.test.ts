// The DynamoDB tests never skip: without Java, starting DynamoDB Local fails and says how to install it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SUPPORT = pathToFileURL(fileURLToPath(new URL('../support/dynamodb-local.ts', import.meta.url))).href;

const bin = mkdtempSync(join(tmpdir(), 'chemins-no-java-'));
afterAll(() => rmSync(bin, { recursive: true, force: true }));

function run(command: string, args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stderr }));
  });
}

describe('DynamoDB Local without Java', () => {
  it('fails to start, saying how to install Java', async () => {
    // A PATH with node and nothing else: no `java` to be found.
    symlinkSync(process.execPath, join(bin, 'node'));
    const { JAVA_HOME: _javaHome, PATH: _path, ...inherited } = process.env;
    const script = `const { startDynamoDbLocal } = await import(${JSON.stringify(SUPPORT)});
const local = await startDynamoDbLocal();
await local.stop();`;
    const result = await run(
      join(bin, 'node'),
      ['--import', 'tsx', '--input-type=module', '--eval', script],
      { ...inherited, PATH: bin },
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('DynamoDB Local needs Java (17 or later)');
    expect(result.stderr).toContain('sudo apt-get install -y default-jre-headless');
  });
});

import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);

describe('README', () => {
  it('shows the "embed the core" example exactly as it is in examples/embed-core.ts', () => {
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    const example = readFileSync(new URL('examples/embed-core.ts', root), 'utf8');
    expect(readme).toContain(example.trim());
  });

  it('shows the store-contract sketch exactly as examples/store-contract/contract.test.ts runs it', () => {
    const readme = readFileSync(new URL('README.md', root), 'utf8');
    const sketch = readFileSync(new URL('examples/store-contract/contract.test.ts', root), 'utf8');
    expect(readme).toContain(sketch.trim());
  });

  it('runs the example as written', async () => {
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'examples/embed-core.ts'], { cwd: root });
    expect(stdout).toBe('time: Dégager du temps pour la démarche.\nchain ok: true, 2 events\n');
  }, 60_000);
});

// Nothing lost: every accepted command left exactly one event in its project, and each project's chain
// verifies (its audit), read over the same API the load went through.
import type { Done } from './operations.ts';

/** Each project's version, from its ETag: the number of events in its stream. */
export async function projectVersions(
  url: string,
  projects: readonly string[],
  staff: string,
): Promise<Record<string, number>> {
  const found: Record<string, number> = {};
  for (const project of projects) {
    const response = await fetch(`${url}/projects/${project}`, { headers: { Authorization: staff } });
    await response.arrayBuffer();
    found[project] = Number(/(\d+)/.exec(response.headers.get('ETag') ?? '')?.[1] ?? Number.NaN);
  }
  return found;
}

export interface ProjectCheck {
  project: string;
  accepted: number;
  eventsAdded: number;
  chainOk: boolean;
  checked: number;
  ok: boolean;
}

/** The events each project gained since `before`, against the commands accepted for it, and its audit. */
export async function verifyProjects(
  url: string,
  projects: readonly string[],
  staff: string,
  before: Readonly<Record<string, number>>,
  done: readonly Done[],
): Promise<ProjectCheck[]> {
  const after = await projectVersions(url, projects, staff);
  const accepted: Record<string, number> = {};
  for (const entry of done) {
    if (entry.kind === 'command' && !entry.error && entry.project)
      accepted[entry.project] = (accepted[entry.project] ?? 0) + 1;
  }
  const verification: ProjectCheck[] = [];
  for (const project of projects) {
    const response = await fetch(`${url}/projects/${project}/audit`, { headers: { Authorization: staff } });
    const audit = (await response.json()) as { ok?: boolean; checked?: number };
    const grew = (after[project] ?? 0) - (before[project] ?? 0);
    verification.push({
      project,
      accepted: accepted[project] ?? 0,
      eventsAdded: grew,
      chainOk: audit.ok === true,
      checked: audit.checked ?? 0,
      ok: audit.ok === true && grew === (accepted[project] ?? 0),
    });
  }
  return verification;
}

// What the load generator sends: `AddComment` commands (each with its own Idempotency-Key, and now and
// then the same again, which must come back replayed) and three kinds of reads, each with what a correct
// answer looks like.

export type Kind = 'command' | 'replay' | 'state' | 'timeline' | 'dashboard';
export const KINDS: readonly Kind[] = ['command', 'replay', 'state', 'timeline', 'dashboard'];

export interface Operation {
  kind: Kind;
  path: string;
  init: RequestInit;
  /** What a correct answer looks like. */
  expect: (status: number, body: string) => string | undefined;
  project?: string;
  /** The command's number, for commands and their replays. */
  index?: number;
}

/** A request made: how long it took, and what was wrong with its answer, if anything. */
export interface Done {
  kind: Kind;
  ms: number;
  error?: string;
  project?: string;
}

/** Who sends what, about which projects; `runId` keeps this run's Idempotency-Keys and texts apart. */
export interface OperationContext {
  runId: string;
  projects: readonly string[];
  territory: string;
  /** Authorization headers: a staff member of every structure, and an adviser of the territory. */
  staff: string;
  adviser: string;
}

export function soakOperations({ runId, projects, territory, staff, adviser }: OperationContext) {
  const expectStatus =
    (status: number, check?: (body: string) => string | undefined) => (actual: number, body: string) =>
      actual !== status ? `HTTP ${actual}: ${body.slice(0, 200)}` : check?.(body);
  const commandBody = (index: number) =>
    JSON.stringify({
      type: 'AddComment',
      text: `Soak ${runId} n°${index}: un temps d’échange avec les habitants du quartier, ${'retour '.repeat(index % 20)}fin.`,
    });
  const command = (index: number, replay: boolean): Operation => {
    const project = projects[index % projects.length] ?? 'causses-2023';
    return {
      kind: replay ? 'replay' : 'command',
      path: `/projects/${project}/commands`,
      project,
      index,
      init: {
        method: 'POST',
        body: commandBody(index),
        headers: {
          Authorization: staff,
          'Content-Type': 'application/json',
          'Idempotency-Key': `soak-${runId}-${index}`,
        },
      },
      expect: expectStatus(201, (body) => {
        const replayed = (JSON.parse(body) as { replayed?: boolean }).replayed;
        return replayed === replay ? undefined : `replayed is ${replayed}, expected ${replay}`;
      }),
    };
  };
  const read = (index: number): Operation => {
    const project = projects[(index * 7) % projects.length] ?? 'causses-2023';
    switch (index % 3) {
      case 0:
        return {
          kind: 'state',
          path: `/projects/${project}`,
          init: { headers: { Authorization: staff } },
          expect: expectStatus(200),
        };
      case 1:
        return {
          kind: 'timeline',
          path: `/projects/${project}/timeline?limit=50`,
          init: { headers: { Authorization: staff } },
          expect: expectStatus(200),
        };
      default:
        return {
          kind: 'dashboard',
          path: `/territories/${territory}/dashboard`,
          init: { headers: { Authorization: adviser } },
          expect: expectStatus(200),
        };
    }
  };

  // The schedule: commands, with reads between them at the given ratio, and now and then a command sent
  // again with the same Idempotency-Key, right after the first one (which must come back replayed).
  function* schedule(commands: number, readsPerCommand: number): Generator<Operation> {
    let readDebt = 0;
    let reads = 0;
    for (let index = 0; index < commands; index++) {
      yield command(index, false);
      readDebt += readsPerCommand;
      while (readDebt >= 1) {
        yield read(reads++);
        readDebt -= 1;
      }
    }
  }
  return { command, schedule };
}

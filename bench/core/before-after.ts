import { markdownTable } from '../support/report.ts';

/**
 * The fix, before and after: measured once (not by this bench, which measures the code as it is), the
 * fold of commit 2f38f9a and the current one taking turns on the same logs, in one process; kept here so
 * that every run of the bench reprints it.
 */
export const BEFORE_AFTER = [
  '### Before and after the fix',
  '',
  'Measured on 2026-11-27 on this machine (load average 4 to 6), the fold of commit 2f38f9a and the ' +
    "current one taking turns on the bench's three logs (saved as JSON, parsed in a fresh process), 9 " +
    'samples each after a warm-up, per wall-clock second and per CPU second; three such runs, the second ' +
    'one shown (events/s, median (min–max)), and the ratio of the medians in each of the three:',
  '',
  markdownTable(
    [
      'events',
      'fold before',
      'fold after',
      'after / before',
      'per CPU second, before → after',
      'after / before, three runs',
    ],
    [
      [
        '1,000',
        '1,502,987 (1,135,429–1,588,623)',
        '3,077,112 (2,895,974–3,291,973)',
        '2.05×',
        '1,326,841 → 2,830,215',
        '1.87×, 2.05×, 2.04×',
      ],
      [
        '10,000',
        '1,012,990 (826,391–1,127,326)',
        '1,635,192 (1,192,256–1,908,764)',
        '1.61×',
        '945,913 → 1,567,496',
        '1.36×, 1.61×, 1.97×',
      ],
      [
        '100,000',
        '432,133 (347,893–513,989)',
        '618,759 (522,127–721,971)',
        '1.43×',
        '321,777 → 462,338',
        '1.25×, 1.43×, 1.36×',
      ],
    ],
  ),
  '',
  'The cause, from `node --cpu-prof` of 150 folds of the 10,000-event log (bundled, so that lines are ' +
    "known) and from timing each way of copying on these events' data: the object spreads. In the effect " +
    "table, `{ ...data, status: 'open' }` (a spread, then one more field: 250 to 330 ns a call on data of " +
    'every shape, against 80 to 110 ns for `Object.assign({}, data)` and one store); then `create` and ' +
    "`change` spread that patch again, and `merge` spread the entity's fields and the patch into a third " +
    'object. The fix: `copyWith` (`Object.assign` and one store) in `packages/core/src/decider/effects.ts`, ' +
    'no second copy, `merge` with `Object.assign`; in `evolve.ts`, an index entry built as one object ' +
    'literal with all its fields (it gained `texts` and `ref` after its creation, which gave most entries ' +
    'a second allocation, an out-of-object property store), and the text paths of an entry shared, as a ' +
    'frozen array, with the previous entry of its type when they are the same (26 arrays for the ' +
    '10,000-event log instead of 8,033). The state per event went from 430 to 336 bytes (10,000 events), ' +
    'and from 442 to 349 bytes (100,000 events). Same states: the JSON of the folded states of the three ' +
    "logs and of prefixes of them is the old fold's, byte for byte, and the property tests (fold equals " +
    'evolve one by one) hold. Tried and left out, no gain measured: changing `current` in place instead ' +
    'of merging into a new object, and step lists of exact size (a copy one longer instead of `push`).',
].join('\n');

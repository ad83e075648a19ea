// Reads the shell examples of README.md as a shell would: continuation lines joined, comments dropped,
// quotes and $VARIABLES resolved, pipelines and `> file` split off. Just enough of sh for the README's
// curl lines: anything else in them (an option, an operator) is refused, so a new one cannot go unchecked.
import { readFileSync } from 'node:fs';

export const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

/** The text of a `## heading` section, up to the next `## ` heading (its `###` subsections included). */
export function readmeSection(heading: string): string {
  const start = README.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README.md has no "## ${heading}" section`);
  const end = README.indexOf('\n## ', start + 1);
  return README.slice(start, end < 0 ? undefined : end);
}

/** The contents of the ```sh blocks of a text. */
export function shellBlocks(text: string): string[] {
  return [...text.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((match) => match[1] ?? '');
}

/** The commands of a block: continuation lines joined, blank and comment lines dropped. */
export function commandLines(block: string): string[] {
  return block
    .replaceAll('\\\n', ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** One command line: `[NAME=$(]stage | stage ...[)] [> file] [# comment]`. */
export interface ShellLine {
  /** The variable a `NAME=$(...)` line sets. */
  assigns?: string;
  /** The first stage's words, quotes removed and variables expanded. */
  words: string[];
  /** The stages after the first, as written, for a real shell to run. */
  pipedInto: string[];
  /** Where `> file` sends the output. */
  redirect?: string;
  /** The trailing `# comment`, without the `#`. */
  comment?: string;
}

/** Parses one command line, expanding `$NAME` and `${NAME}` from `variables` (an unknown one throws). */
export function parseLine(line: string, variables: Readonly<Record<string, string>>): ShellLine {
  const assignment = /^([A-Z_][A-Z0-9_]*)=\$\((.*)\)$/.exec(line);
  if (assignment?.[1] && assignment[2] !== undefined) {
    return { ...parseLine(assignment[2], variables), assigns: assignment[1] };
  }
  const tokens = tokenize(line, variables);
  const stages: { words: string[]; raw: string }[] = [];
  let words: string[] = [];
  let from = 0;
  let redirect: string | undefined;
  let comment: string | undefined;
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index] as Token;
    if (token.kind === 'word') words.push(token.text);
    else if (token.kind === 'comment') comment = token.text;
    else if (token.kind === '|') {
      stages.push({ words, raw: line.slice(from, token.at) });
      words = [];
      from = token.at + 1;
    } else {
      const target = tokens[index + 1];
      if (target?.kind !== 'word') throw new Error(`"> " without a file in: ${line}`);
      redirect = target.text;
      index += 1;
    }
  }
  const end = tokens.find((token) => token.kind === '>' || token.kind === 'comment')?.at ?? line.length;
  stages.push({ words, raw: line.slice(from, end) });
  const [first, ...rest] = stages;
  return {
    words: first?.words ?? [],
    pipedInto: rest.map((stage) => stage.raw.trim()),
    ...(redirect === undefined ? {} : { redirect }),
    ...(comment === undefined ? {} : { comment }),
  };
}

type Token =
  | { kind: 'word'; text: string; at: number }
  | { kind: '|' | '>'; at: number }
  | { kind: 'comment'; text: string; at: number };

function tokenize(line: string, variables: Readonly<Record<string, string>>): Token[] {
  const tokens: Token[] = [];
  let word: string | undefined;
  let wordStart = 0;
  const endWord = () => {
    if (word !== undefined) tokens.push({ kind: 'word', text: word, at: wordStart });
    word = undefined;
  };
  const append = (text: string, at: number) => {
    if (word === undefined) wordStart = at;
    word = (word ?? '') + text;
  };
  const expand = (at: number): [string, number] => {
    const match = /^\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))/.exec(line.slice(at));
    const name = match?.[1] ?? match?.[2];
    if (!match || !name) throw new Error(`unsupported "$" at ${at} in: ${line}`);
    const value = variables[name];
    if (value === undefined) throw new Error(`$${name} is not set (line: ${line})`);
    return [value, at + match[0].length];
  };
  let index = 0;
  while (index < line.length) {
    const char = line[index] as string;
    if (char === "'") {
      const close = line.indexOf("'", index + 1);
      if (close < 0) throw new Error(`unclosed ' in: ${line}`);
      append(line.slice(index + 1, close), index);
      index = close + 1;
    } else if (char === '"') {
      const start = index;
      let text = '';
      index += 1;
      while (line[index] !== '"') {
        if (index >= line.length) throw new Error(`unclosed " in: ${line}`);
        if (line[index] === '\\' && '"\\$`'.includes(line[index + 1] ?? '')) {
          text += line[index + 1];
          index += 2;
        } else if (line[index] === '$') {
          const [value, next] = expand(index);
          text += value;
          index = next;
        } else {
          text += line[index];
          index += 1;
        }
      }
      append(text, start);
      index += 1;
    } else if (char === '$') {
      const [value, next] = expand(index);
      append(value, index);
      index = next;
    } else if (char === '\\') {
      append(line[index + 1] ?? '', index);
      index += 2;
    } else if (/\s/.test(char)) {
      endWord();
      index += 1;
    } else if (char === '#' && word === undefined) {
      tokens.push({ kind: 'comment', text: line.slice(index + 1).trim(), at: index });
      break;
    } else if (char === '|' || char === '>') {
      endWord();
      tokens.push({ kind: char, at: index });
      index += 1;
    } else if (';&<()`'.includes(char)) {
      throw new Error(`unsupported shell syntax "${char}" in: ${line}`);
    } else {
      append(char, index);
      index += 1;
    }
  }
  endWord();
  return tokens;
}

/** A curl command line, as a request. */
export interface CurlRequest {
  method: string;
  url: string;
  headers: Headers;
  body?: string;
  /** -I / -i: print the status line and headers (alone with -I, as HEAD asks). */
  printHeaders: boolean;
}

/**
 * Reads curl's options as curl does for the ones the README uses: -X, -H (a header with nothing after
 * its colon is removed), -d / --data / --data-raw / --data-binary (POST, form-encoded unless a
 * Content-Type is given; `@file` reads the file, which `readFile` resolves), -I (HEAD), -i, -s, -S.
 */
export function parseCurl(command: readonly string[], readFile: (name: string) => string): CurlRequest {
  if (command[0] !== 'curl') throw new Error(`not a curl command: ${command.join(' ')}`);
  let method: string | undefined;
  let url: string | undefined;
  let body: string | undefined;
  let head = false;
  let include = false;
  const headers = new Headers();
  // Flags without a value may be grouped, as in -sI.
  const words = command.flatMap((word) =>
    /^-[sSIi]{2,}$/.test(word) ? [...word.slice(1)].map((letter) => `-${letter}`) : [word],
  );
  for (let index = 1; index < words.length; index += 1) {
    const word = words[index] as string;
    const value = () => {
      index += 1;
      const next = words[index];
      if (next === undefined) throw new Error(`curl ${word} needs a value`);
      return next;
    };
    if (word === '-X' || word === '--request') method = value();
    else if (word === '-H' || word === '--header') {
      const header = value();
      const colon = header.indexOf(':');
      const name = header.slice(0, colon).trim();
      const content = header.slice(colon + 1).trim();
      if (colon <= 0) throw new Error(`not a header: ${header}`);
      if (content === '') headers.delete(name);
      else headers.set(name, content);
    } else if (['-d', '--data', '--data-raw', '--data-binary'].includes(word)) {
      const data = value();
      const fromFile = word !== '--data-raw' && data.startsWith('@');
      const read = fromFile ? readFile(data.slice(1)) : data;
      // -d strips the file's line breaks; --data-binary sends it as it is.
      body = fromFile && word !== '--data-binary' ? read.replaceAll(/\r?\n/g, '') : read;
    } else if (word === '-I' || word === '--head') head = true;
    else if (word === '-i' || word === '--include') include = true;
    else if (['-s', '-S', '--silent', '--show-error'].includes(word)) {
      // Progress and error display only.
    } else if (word.startsWith('-')) throw new Error(`curl option ${word} is not supported by this test`);
    else if (url === undefined) url = word;
    else throw new Error(`two URLs in: curl ${words.slice(1).join(' ')}`);
  }
  if (url === undefined) throw new Error(`no URL in: curl ${words.slice(1).join(' ')}`);
  if (body !== undefined && !headers.has('Content-Type')) {
    headers.set('Content-Type', 'application/x-www-form-urlencoded');
  }
  return {
    method: method ?? (head ? 'HEAD' : body !== undefined ? 'POST' : 'GET'),
    url,
    headers,
    ...(body === undefined ? {} : { body }),
    printHeaders: head || include,
  };
}

/** What curl prints for a response: with -I or -i the status line and headers, then (unless -I) the body. */
export async function curlOutput(request: CurlRequest, response: Response): Promise<Buffer> {
  const body = Buffer.from(await response.arrayBuffer());
  if (!request.printHeaders) return body;
  const lines = [`HTTP/1.1 ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`];
  for (const [name, value] of response.headers) lines.push(`${name}: ${value}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), body]);
}

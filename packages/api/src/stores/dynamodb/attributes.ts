import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/** A DynamoDB item, in the low-level wire shape (the store does its own marshalling: it has few shapes). */
export type Item = Record<string, AttributeValue>;

export const str = (value: string): AttributeValue => ({ S: value });
export const num = (value: number): AttributeValue => ({ N: String(value) });

export function readString(item: Item, name: string): string {
  const value = item[name]?.S;
  if (value === undefined) throw new TypeError(`item ${describeKey(item)} has no string ${name}`);
  return value;
}

export function readNumber(item: Item, name: string): number {
  const value = item[name]?.N;
  if (value === undefined) throw new TypeError(`item ${describeKey(item)} has no number ${name}`);
  return Number(value);
}

export function readNumberList(item: Item, name: string): number[] {
  const list = item[name]?.L;
  if (!list) throw new TypeError(`item ${describeKey(item)} has no list ${name}`);
  return list.map((entry) => Number(entry.N));
}

function describeKey(item: Item): string {
  return `${item.pk?.S ?? '?'} / ${item.sk?.S ?? '?'}`;
}

const utf8 = new TextEncoder();
const bytes = (text: string) => utf8.encode(text).byteLength;

/**
 * An item's size as DynamoDB counts it against the 400 KB item limit and the 1 MB Query page: each
 * attribute's name plus its value (strings in UTF-8; numbers 1 byte per two significant digits plus
 * 1; lists and maps 3 bytes plus 1 byte per element). Rounded up where the documentation is vague.
 */
export function itemSize(item: Item): number {
  let total = 0;
  for (const [name, value] of Object.entries(item)) total += bytes(name) + valueSize(value);
  return total;
}

function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return bytes(value.S);
  if (value.N !== undefined) return Math.ceil(significantDigits(value.N) / 2) + 1;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.L !== undefined) return 3 + value.L.reduce((sum, entry) => sum + 1 + valueSize(entry), 0);
  if (value.M !== undefined) return 3 + itemSize(value.M) + Object.keys(value.M).length;
  throw new TypeError('the store writes strings, numbers, lists and maps only');
}

function significantDigits(number: string): number {
  const digits = number
    .replace(/[^0-9]/g, '')
    .replace(/^0+/, '')
    .replace(/0+$/, '');
  return Math.max(1, digits.length);
}

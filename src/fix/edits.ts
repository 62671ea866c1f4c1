// Edits on words that several rules' fixes share: the three loggers' scripts have the same shapes
// (a bare name for a directory, a setting after the directory, a size written with a unit).
import type { Edit } from "../engine/rule.js";
import type { Word } from "../model/model.js";

/**
 * The edit that makes a bare name a directory (`main` → `./main`), inside its quotes if it has
 * some. None for a word not written out literally, or one shaped like an action (a letter and a
 * number: `w100` is an action of daemontools-encore's multilog, not a name).
 */
export function dotSlash(w: Word): Edit | undefined {
  const v = w.value;
  if (v === undefined || /^[A-Za-z]\d/.test(v)) return undefined;
  const at = w.node.startIndex;
  if (w.text === v) return { range: [at, at], text: "./" };
  if (w.text === `'${v}'` || w.text === `"${v}"`) return { range: [at + 1, at + 1], text: "./" };
  return undefined;
}

/** What may separate two words of one command: blanks, and newlines (execline) or line continuations. */
export const BLANKS = /^(?:[ \t\r\n]|\\\r?\n)+$/;

/**
 * Edits that move `words[from]` to just before `words[to]` (an earlier word): it is inserted there
 * with a space, and removed with the blanks before it. None when anything but blanks and line
 * continuations separates it from the word before it (a comment would be lost).
 */
export function moveBefore(text: string, words: readonly Word[], from: number, to: number): Edit[] | undefined {
  const w = words[from];
  const prev = words[from - 1];
  const target = words[to];
  if (!w || !prev || !target || to >= from) return undefined;
  if (!BLANKS.test(text.slice(prev.node.endIndex, w.node.startIndex))) return undefined;
  const at = target.node.startIndex;
  return [
    { range: [at, at], text: text.slice(w.node.startIndex, w.node.endIndex) + " " },
    { range: [prev.node.endIndex, w.node.endIndex], text: "" },
  ];
}

const POWERS: Record<string, number> = { k: 1, m: 2, g: 3 };

/**
 * What a size written with a unit (`10M`, `100k`, `1GiB`) may mean in bytes: binary, then decimal
 * (only binary for `KiB`…), each within `min..max`, as `{ bytes, label }` for a suggestion.
 */
export function unitSizes(written: string, min: number, max: number): Array<{ bytes: number; label: string }> {
  const m = /^(\d+)([kKmMgG])(iB|B)?$/.exec(written);
  if (!m) return [];
  const n = Number(m[1]);
  const letter = m[2]!.toLowerCase();
  const e = POWERS[letter]!;
  const unit = letter === "k" ? "k" : letter.toUpperCase();
  const options = [{ bytes: n * 1024 ** e, label: `${n} ${unit.toUpperCase()}iB` }];
  if (m[3] !== "iB") options.push({ bytes: n * 1000 ** e, label: `${n} ${unit}B` });
  return options.filter((o, i) => o.bytes >= min && o.bytes <= max && (i === 0 || o.bytes !== options[0]!.bytes));
}

/** A word made of one literal value (`s100`, `'s100'`), with nothing expanded. */
export const literal = (w: Word): boolean =>
  w.value !== undefined && (w.text === w.value || w.text === `'${w.value}'` || w.text === `"${w.value}"`);

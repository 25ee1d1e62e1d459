/**
 * @module What a content file's bytes say (issue 21): sources are UTF-8 text, and a file
 * that is not is a build problem naming the file and where decoding failed, never text
 * with U+FFFD where its letters were. When the file reads cleanly in an encoding older
 * exports use (GB18030, the superset of GBK and GB2312 that Chinese CMSs wrote; Latin-1,
 * or Windows-1252 where it has the bytes 0x80-0x9F), the problem names it and the
 * `iconv` command that converts it. A UTF-8 byte order mark is text like any other
 * (gray-matter skips it), and line ends are not this module's business.
 *
 * Pure: a file name and its bytes in, the text or a problem out. Decoding is the WHATWG
 * Encoding Standard's (`TextDecoder`, with `fatal`), which Node implements with full ICU;
 * checking alone is Node's `isUtf8`, which decodes nothing (the build reads only the
 * front matter of most sources before it renders them).
 */
import { isUtf8 } from "node:buffer";
import { TextDecoder } from "node:util";
import type { Problem } from "./compile.ts";

/** The field a problem with a file's bytes is reported under. */
export const ENCODING_FIELD = "encoding";

/** What decoding a source gives: its text, or why it has none. */
export type Decoded = { ok: true; text: string } | { ok: false; problem: Problem };

/** UTF-8, refusing what is not UTF-8; a byte order mark is kept, as `Buffer#toString` keeps it. */
const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Bytes that start a file of UTF-16 text: its byte order marks, little- and big-endian. */
const UTF16_BOMS = [
  [0xff, 0xfe],
  [0xfe, 0xff],
];

/** How far a file is searched for a NUL byte, the mark of binary data (as Git looks). */
const BINARY_SCAN = 8000;

/** Control characters no text has: C0 but tab, line feed, form feed and carriage return; DEL; C1. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters to find.
const NOT_TEXT = /[\u0000-\u0008\u000B\u000E-\u001F\u007F-\u009F]/;

/** Encodings a file that is not UTF-8 may be in, most telling first: GB18030 refuses most byte sequences that are not GB18030. */
const CANDIDATES: { name: string; iconv: string; decoder: TextDecoder; fits: (bytes: Uint8Array) => boolean }[] = [
  { name: "GB18030", iconv: "GB18030", decoder: new TextDecoder("gb18030", { fatal: true }), fits: () => true },
  // The Encoding Standard reads every "latin1" label as windows-1252, which is ISO-8859-1
  // but for 0x80-0x9F: those bytes say which of the two a file is.
  { name: "Latin-1 (ISO-8859-1)", iconv: "ISO-8859-1", decoder: new TextDecoder("windows-1252"), fits: (bytes) => !bytes.some((b) => b >= 0x80 && b <= 0x9f) },
  { name: "Windows-1252", iconv: "WINDOWS-1252", decoder: new TextDecoder("windows-1252"), fits: (bytes) => bytes.some((b) => b >= 0x80 && b <= 0x9f) },
];

/** Longest excerpt of a line quoted in a problem, in characters. */
const EXCERPT = 60;

/**
 * Why the bytes of the source `file` (a path as problems name it) are not UTF-8 text, or
 * `undefined` when they are; checked without decoding them. `shown` is the path a person
 * would type for the file, for the command that converts it (by default `file`).
 */
export function encodingProblem(file: string, bytes: Uint8Array, shown = file): Problem | undefined {
  return isUtf8(bytes) ? undefined : { file, field: ENCODING_FIELD, message: notUtf8(bytes, shown) };
}

/** The text of the source `file`, or the problem with its bytes (`encodingProblem`). */
export function decodeSource(file: string, bytes: Uint8Array, shown = file): Decoded {
  const problem = encodingProblem(file, bytes, shown);
  return problem === undefined ? { ok: true, text: UTF8.decode(bytes) } : { ok: false, problem };
}

/** The text of a source whose bytes the build has already accepted; throws the problem if they changed since and are no longer UTF-8. */
export function sourceText(file: string, bytes: Uint8Array): string {
  const decoded = decodeSource(file, bytes);
  if (!decoded.ok) throw new Error(`${file}: ${decoded.problem.field}: ${decoded.problem.message}`);
  return decoded.text;
}

/** Where in `bytes` the first byte that is not UTF-8 is (0-based), from what the decoder makes of them. */
function firstInvalidByte(bytes: Uint8Array): number {
  // Without `fatal` each ill-formed sequence becomes one U+FFFD (WHATWG: its maximal
  // subpart); a U+FFFD from the bytes EF BF BD is the character itself.
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
  let at = 0;
  for (const char of text) {
    if (char === "\uFFFD" && !(bytes[at] === 0xef && bytes[at + 1] === 0xbf && bytes[at + 2] === 0xbd)) return at;
    const code = char.codePointAt(0) as number;
    at += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return at;
}

/** 1-based line of byte `at` (counting line feeds before it). */
function lineOf(bytes: Uint8Array, at: number): number {
  let line = 1;
  for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** The bytes of line `line` (1-based), without its line end. */
function lineBytes(bytes: Uint8Array, line: number): Uint8Array {
  let start = 0;
  for (let n = 1; n < line; n++) start = bytes.indexOf(0x0a, start) + 1;
  const end = bytes.indexOf(0x0a, start);
  const text = bytes.subarray(start, end < 0 ? bytes.length : end);
  return text.at(-1) === 0x0d ? text.subarray(0, -1) : text;
}

/** A path as a shell reads it, in single quotes unless it needs none. */
function shellQuoted(path: string): string {
  return /^[\w./@%+=:,-]+$/.test(path) ? path : `'${path.replaceAll("'", `'\\''`)}'`;
}

/** `text` cut to `EXCERPT` characters, as a JSON string (so that nothing in it is taken for the message's own words). */
function excerpt(text: string): string {
  const chars = [...text.trim()];
  return JSON.stringify(chars.length > EXCERPT ? `${chars.slice(0, EXCERPT).join("")}…` : chars.join(""));
}

/** Why `bytes` are not a UTF-8 source, and what to do about it. */
function notUtf8(bytes: Uint8Array, shown: string): string {
  const where = (at: number) => `line ${lineOf(bytes, at)}, byte ${at + 1} of the file (0x${(bytes[at] as number).toString(16).toUpperCase().padStart(2, "0")})`;
  const converted = `${shown}.utf8`;
  const convert = (from: string) => `iconv -f ${from} -t UTF-8 ${shellQuoted(shown)} > ${shellQuoted(converted)} && mv ${shellQuoted(converted)} ${shellQuoted(shown)}`;
  const at = firstInvalidByte(bytes);
  if (UTF16_BOMS.some(([a, b]) => bytes[0] === a && bytes[1] === b)) {
    return `is UTF-16 text (it starts with a UTF-16 byte order mark), not UTF-8: decoding it as UTF-8 fails at ${where(at)}; convert it with ${convert("UTF-16")}`;
  }
  const nul = bytes.subarray(0, BINARY_SCAN).indexOf(0);
  if (nul >= 0) return `is binary data, not text: decoding it as UTF-8 fails at ${where(at)}, and byte ${nul + 1} is NUL; an article is a UTF-8 Markdown file`;
  const failed = `is not UTF-8: decoding fails at ${where(at)}`;
  const line = lineBytes(bytes, lineOf(bytes, at));
  const readings = CANDIDATES.filter(({ decoder, fits }) => fits(bytes) && readsCleanly(decoder, bytes)).map(
    ({ name, iconv, decoder }) => `${name}, where that line reads ${excerpt(decoder.decode(line))}: convert it with ${convert(iconv)}`,
  );
  if (readings.length === 0) return `${failed}, and it is not text in GB18030 or Latin-1 either: save it as UTF-8`;
  return `${failed}. It reads cleanly as ${readings.join("; or as ")}`;
}

/** Whether `decoder` reads the whole of `bytes` as text: no error, and no control character text does not have. */
function readsCleanly(decoder: TextDecoder, bytes: Uint8Array): boolean {
  try {
    return !NOT_TEXT.test(decoder.decode(bytes));
  } catch {
    return false;
  }
}

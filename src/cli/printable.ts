/**
 * Messages that quote what a user typed, made safe to print: control characters (which a terminal would
 * act on or hide) shown as `\xNN` escapes, and an overlong word or line shortened in the middle, so a
 * 100 KB argument cannot flood the terminal with its own error message.
 */

/** Longest word (run of non-blanks) printed whole; longer ones keep their start and end. */
const MAX_WORD = 80;
/** Longest line printed whole. */
const MAX_LINE = 2000;

function escapeControls(line: string): string {
  // eslint-disable-next-line no-control-regex
  return line.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function shorten(s: string, max: number): string {
  if (s.length <= max) return s;
  const keep = Math.floor(max / 2) - 16;
  return `${s.slice(0, keep)}…(${s.length - 2 * keep} characters left out)…${s.slice(-keep)}`;
}

/** `text` with each line escaped and shortened (newlines and tabs are kept). */
export function printable(text: string): string {
  return text.split('\n')
    .map((l) => shorten(escapeControls(l).replace(/\S{81,}/g, (w) => shorten(w, MAX_WORD)), MAX_LINE))
    .join('\n');
}

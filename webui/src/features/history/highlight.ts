/** Splits text around the occurrences of a phrase, so the matches can be wrapped in `<mark>`. */

export interface Segment {
  text: string;
  match: boolean;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The text as plain and matching segments, in order; every case-insensitive occurrence of
 * `phrase` matches (any run of whitespace in it matches any run in the text). A phrase under two
 * characters marks nothing.
 */
export function highlightSegments(text: string, phrase: string): Segment[] {
  const words = phrase.trim().split(/\s+/).filter(Boolean);
  if (!text) return [];
  if (words.join(' ').length < 2) return [{ text, match: false }];
  const pattern = new RegExp(words.map(escapeRegExp).join('\\s+'), 'giu');
  const segments: Segment[] = [];
  let last = 0;
  for (const found of text.matchAll(pattern)) {
    const at = found.index;
    if (found[0] === '') continue;
    if (at > last) segments.push({ text: text.slice(last, at), match: false });
    segments.push({ text: found[0], match: true });
    last = at + found[0].length;
  }
  if (last < text.length) segments.push({ text: text.slice(last), match: false });
  return segments;
}

import { highlightSegments } from '../highlight';

/** Untrusted text with the phrase's occurrences in `<mark>`: text nodes only, never HTML. */
export function HighlightedText({ text, phrase }: { text: string; phrase: string }) {
  return (
    <>
      {highlightSegments(text, phrase).map((s, i) =>
        s.match ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>,
      )}
    </>
  );
}

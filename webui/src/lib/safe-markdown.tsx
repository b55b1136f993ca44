/**
 * Markdown rendering for untrusted model output: raw HTML never renders (no rehype-raw,
 * HTML nodes skipped), links are limited to http/https/mailto and open in a new tab with
 * rel="noopener noreferrer nofollow", and images render as links (no third-party fetches).
 */
import { memo, useMemo, type AnchorHTMLAttributes } from 'react';
import Markdown, { type Components } from 'react-markdown';

const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/** Returns the URL when it is an absolute http/https/mailto URL, otherwise null (dropped). */
export function safeUrl(url: string): string | null {
  const trimmed = url.trim();
  // Reject control characters and whitespace tricks such as "java\tscript:".
  // eslint-disable-next-line no-control-regex
  if (!trimmed || /[\u0000-\u001f\u007f]/.test(trimmed)) return null;
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return null;
  }
  return SAFE_PROTOCOLS.has(parsed.protocol) ? trimmed : null;
}

function SafeLink({ href, children }: AnchorHTMLAttributes<HTMLAnchorElement>) {
  const safe = typeof href === 'string' ? safeUrl(href) : null;
  if (!safe) return <span className="md-dropped-link">{children}</span>;
  return (
    <a href={safe} target="_blank" rel="noopener noreferrer nofollow">
      {children}
    </a>
  );
}

const components: Components = {
  a: ({ href, children }) => <SafeLink href={href}>{children}</SafeLink>,
  img: ({ src, alt }) => {
    const label = alt || 'image';
    return typeof src === 'string' && safeUrl(src) ? (
      <SafeLink href={src}>[{label}]</SafeLink>
    ) : (
      <span className="md-dropped-link">[{label}]</span>
    );
  },
};

function urlTransform(url: string): string | null {
  return safeUrl(url);
}

/** One Markdown block; memoized so settled blocks of a long stream are not re-parsed. */
const MarkdownBlock = memo(function MarkdownBlock({ text }: { text: string }) {
  return (
    <Markdown skipHtml urlTransform={urlTransform} components={components}>
      {text}
    </Markdown>
  );
});

/**
 * Splits Markdown into top-level blocks at blank lines outside fenced code, so that while a
 * stream grows only the last block is re-rendered.
 */
export function splitMarkdownBlocks(text: string): string[] {
  const blocks: string[] = [];
  const lines = text.split('\n');
  let current: string[] = [];
  let fence: string | null = null;
  for (const line of lines) {
    const fenceMatch = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (fenceMatch) {
      const marker = fenceMatch[1];
      if (fence === null) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = null;
    }
    if (fence === null && line.trim() === '' && current.length > 0) {
      blocks.push(current.join('\n'));
      current = [];
      continue;
    }
    if (line.trim() === '' && current.length === 0) continue;
    current.push(line);
  }
  if (current.length > 0) blocks.push(current.join('\n'));
  return blocks;
}

export interface SafeMarkdownProps {
  text: string;
  className?: string;
}

export const SafeMarkdown = memo(function SafeMarkdown({ text, className }: SafeMarkdownProps) {
  const blocks = useMemo(() => splitMarkdownBlocks(text), [text]);
  return (
    <div className={className}>
      {blocks.map((block, i) => (
        <MarkdownBlock key={i} text={block} />
      ))}
    </div>
  );
});

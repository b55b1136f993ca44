import { ChevronLeft, ChevronRight } from 'lucide-react';

/** Previous / next page buttons and "Page n of m" (pages are counted from 0). */
export function Pager({
  page,
  pages,
  onPage,
  testId,
}: {
  page: number;
  pages: number;
  onPage: (page: number) => void;
  testId?: string;
}) {
  return (
    <div className="pager">
      <button
        type="button"
        className="icon-button"
        aria-label="Previous page"
        disabled={page === 0}
        onClick={() => onPage(page - 1)}
      >
        <ChevronLeft size={16} />
      </button>
      <span className="small muted" data-testid={testId}>
        Page {page + 1} of {pages}
      </span>
      <button
        type="button"
        className="icon-button"
        aria-label="Next page"
        disabled={page + 1 >= pages}
        onClick={() => onPage(page + 1)}
      >
        <ChevronRight size={16} />
      </button>
    </div>
  );
}

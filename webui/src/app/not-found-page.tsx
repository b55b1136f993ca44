import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <section className="page">
      <h1 className="page-title">Not found</h1>
      <p className="muted">
        There is no page here. Go to the <Link to="/">dashboard</Link>.
      </p>
    </section>
  );
}

import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { UsageMeter } from './usage-meter';

describe('UsageMeter', () => {
  it('shows used / limit with a meter coloured by how full it is', () => {
    const { rerender } = render(<UsageMeter label="Tokens" used={40} limit={100} testId="m" />);
    expect(screen.getByTestId('m')).toHaveTextContent('Tokens40 / 100');
    const meter = screen.getByRole('meter', { name: 'Tokens' });
    expect(meter).toHaveAttribute('aria-valuenow', '40');
    expect(meter).toHaveAttribute('aria-valuemax', '100');
    expect(meter).toHaveClass('meter-ok');
    expect(meter.firstElementChild).toHaveStyle({ width: '40.0%' });

    rerender(<UsageMeter label="Tokens" used={90} limit={100} testId="m" />);
    expect(screen.getByRole('meter')).toHaveClass('meter-warn');
    rerender(<UsageMeter label="Tokens" used={130} limit={100} testId="m" />);
    expect(screen.getByRole('meter')).toHaveClass('meter-danger');
    expect(screen.getByRole('meter')).toHaveAttribute('aria-valuenow', '100');
    expect(screen.getByTestId('m')).toHaveTextContent('130 / 100');
  });

  it('has no meter without a limit', () => {
    render(<UsageMeter label="Streams" used={3} limit={0} testId="m" />);
    expect(screen.getByTestId('m')).toHaveTextContent('3 / unlimited');
    expect(screen.queryByRole('meter')).toBeNull();
  });
});

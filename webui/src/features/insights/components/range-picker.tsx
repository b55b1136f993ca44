import { useId } from 'react';
import { RANGES, RANGE_LABELS, type Range } from '../timeseries-api';

/** The time range as a radio group (arrow keys move between the options). */
export function RangePicker({
  value,
  onChange,
}: {
  value: Range;
  onChange: (range: Range) => void;
}) {
  const name = useId();
  return (
    <fieldset className="segmented range-picker" data-testid="range-picker">
      <legend className="sr-only">Time range</legend>
      {RANGES.map((range) => (
        <label key={range} className={`segment range-option${range === value ? ' active' : ''}`}>
          <input
            type="radio"
            name={name}
            value={range}
            checked={range === value}
            onChange={() => onChange(range)}
            data-testid={`range-${range}`}
          />
          {RANGE_LABELS[range].short}
          <span className="sr-only"> ({RANGE_LABELS[range].long})</span>
        </label>
      ))}
    </fieldset>
  );
}

/** A form's errors that belong to no field (an API problem's detail), one line each. */
export function FormErrors({ messages, testId }: { messages: string[]; testId: string }) {
  if (messages.length === 0) return null;
  return (
    <div className="inline-error" role="alert" data-testid={testId}>
      {messages.map((m, i) => (
        <div key={i}>{m}</div>
      ))}
    </div>
  );
}

import { useEffect, useState, type InputHTMLAttributes } from 'react';

interface Props extends Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> {
  value: string;
  /** Returns an error message, or null when the text is valid. */
  validate(text: string): string | null;
  onCommit(text: string): void;
}

/**
 * A text or number field that saves on Enter or on leaving it, not on every keystroke, so that a
 * half-typed "0." never reaches the engine; an invalid value is explained and not saved.
 */
export function DraftField({ value, validate, onCommit, id, ...rest }: Props) {
  const [draft, setDraft] = useState(value);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { setDraft(value); setError(null); }, [value]);

  const commit = () => {
    const problem = validate(draft);
    setError(problem);
    if (problem === null && draft !== value) onCommit(draft);
  };

  return (
    <span className="draft-field">
      <input
        {...rest}
        id={id}
        value={draft}
        aria-invalid={error !== null}
        aria-describedby={error ? `${id}-error` : rest['aria-describedby']}
        onChange={(e) => { setDraft(e.target.value); if (error) setError(validate(e.target.value)); }}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') { setDraft(value); setError(null); }
        }}
      />
      {error && <span id={`${id}-error`} className="field-error" role="alert">{error}</span>}
    </span>
  );
}

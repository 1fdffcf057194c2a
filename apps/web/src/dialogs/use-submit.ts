import { useState } from 'react';
import { toChatError } from '@app/client';
import { describeError } from '../ui/describe-error';

/** Busy flag and a readable error for a dialog's async action; errors stay in the dialog, beside the form. */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run(action: () => Promise<void>): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (err) {
      setError(describeError(toChatError(err)));
      return false;
    } finally {
      setBusy(false);
    }
  }

  return { busy, error, setError, run };
}

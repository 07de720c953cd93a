import type { EventSink } from '../events';
import type { Ledger } from '../ledger';
import type { AccountId } from '../state';

/** What a call handler gets: the ledger, who signed, and where to report events. */
export interface CallContext {
  ledger: Ledger;
  signer: AccountId;
  emit: EventSink;
}

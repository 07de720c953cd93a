import { type ChainErrorCode, reject } from './errors';
import type { Account, AccountId, ChainState, Neuron, Subnet } from './state';

/**
 * Read/write access to the chain state that records which storage records a block touched, so
 * the store writes only those (one transaction per block). Every mutation goes through here.
 */
export class Ledger {
  readonly dirty = new Set<string>();

  constructor(readonly state: ChainState) {}

  get block(): number {
    return this.state.block;
  }

  touchGlobal(): void {
    this.dirty.add('global');
  }

  account(id: AccountId): Account {
    return this.state.accounts.get(id) ?? { free: 0n, nonce: 0 };
  }

  private putAccount(id: AccountId, account: Account): void {
    this.state.accounts.set(id, account);
    this.dirty.add(`account:${id}`);
  }

  credit(id: AccountId, amount: bigint): void {
    const a = this.account(id);
    this.putAccount(id, { ...a, free: a.free + amount });
  }

  /** Checks before any write: a failed debit leaves the state untouched. */
  requireFree(id: AccountId, amount: bigint, what: string): void {
    const free = this.account(id).free;
    if (free < amount) {
      reject('InsufficientBalance', `${what} needs ${amount} rao but ${id} has ${free} rao free`);
    }
  }

  debit(id: AccountId, amount: bigint, what: string): void {
    this.requireFree(id, amount, what);
    const a = this.account(id);
    this.putAccount(id, { ...a, free: a.free - amount });
  }

  bumpNonce(id: AccountId): void {
    const a = this.account(id);
    this.putAccount(id, { ...a, nonce: a.nonce + 1 });
  }

  mint(amount: bigint): void {
    this.state.totalIssuance += amount;
    this.touchGlobal();
  }

  /** Takes rao out of circulation (registration burns, lock costs, the owner's own incentive). */
  recycle(amount: bigint): void {
    this.state.recycled += amount;
    this.touchGlobal();
  }

  subnet(netuid: number, code: ChainErrorCode = 'SubnetNotExists'): Subnet {
    const subnet = this.state.subnets.get(netuid);
    if (!subnet) reject(code, `subnet ${netuid} does not exist; list subnets to see which do`);
    return subnet;
  }

  touchSubnet(subnet: Subnet): void {
    this.dirty.add(`subnet:${subnet.netuid}`);
  }

  touchNeuron(subnet: Subnet, uid: number): void {
    this.dirty.add(`neuron:${subnet.netuid}:${uid}`);
  }

  neuronOf(subnet: Subnet, hotkey: AccountId): Neuron | undefined {
    return subnet.neurons.find((n) => n.hotkey === hotkey);
  }

  requireNeuron(subnet: Subnet, hotkey: AccountId): Neuron {
    const neuron = this.neuronOf(subnet, hotkey);
    if (!neuron) reject('NotRegistered', `hotkey ${hotkey} is not registered on subnet ${subnet.netuid}`);
    return neuron;
  }

  stakeOf(hotkey: AccountId, coldkey: AccountId): bigint {
    return this.state.stake.get(hotkey)?.get(coldkey) ?? 0n;
  }

  addStake(hotkey: AccountId, coldkey: AccountId, amount: bigint): void {
    if (amount === 0n) return;
    const byColdkey = this.state.stake.get(hotkey) ?? new Map<AccountId, bigint>();
    byColdkey.set(coldkey, (byColdkey.get(coldkey) ?? 0n) + amount);
    this.state.stake.set(hotkey, byColdkey);
    this.dirty.add(`stake:${hotkey}`);
  }

  removeStake(hotkey: AccountId, coldkey: AccountId, amount: bigint): void {
    const byColdkey = this.state.stake.get(hotkey);
    const current = byColdkey?.get(coldkey) ?? 0n;
    if (!byColdkey || current < amount) {
      reject(
        'NotEnoughStakeToWithdraw',
        `${coldkey} has ${current} rao staked on ${hotkey}, asked for ${amount}`,
      );
    }
    if (current === amount) byColdkey.delete(coldkey);
    else byColdkey.set(coldkey, current - amount);
    this.dirty.add(`stake:${hotkey}`);
  }

  setHotkeyOwner(hotkey: AccountId, coldkey: AccountId): void {
    this.state.hotkeyOwner.set(hotkey, coldkey);
    this.dirty.add(`stake:${hotkey}`);
  }

  setTake(hotkey: AccountId, take: number): void {
    this.state.takes.set(hotkey, take);
    this.dirty.add(`stake:${hotkey}`);
  }

  touchRoot(): void {
    this.dirty.add('root');
  }
}

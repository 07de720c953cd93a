import { LogitsProcessor, type PreTrainedTokenizer, type Tensor } from '@huggingface/transformers';
import { findStop } from '../text/stop';

/**
 * Once a row of a batch has ended (an end-of-sequence token, or a stop string in its new text),
 * only end-of-sequence may follow. transformers.js otherwise keeps generating for finished rows
 * until every row is done, and that text would leak into the result.
 */
export class FinishedRows extends LogitsProcessor {
  private promptLength: number | undefined;

  constructor(
    private readonly eosIds: readonly number[],
    private readonly stops: readonly string[],
    private readonly tokenizer: PreTrainedTokenizer,
  ) {
    super();
  }

  override _call(inputIds: bigint[][], logits: Tensor): Tensor {
    // The first call sees the (padded) prompts alone.
    this.promptLength ??= inputIds[0]!.length;
    inputIds.forEach((ids, row) => {
      const generated = ids.slice(this.promptLength).map(Number);
      if (!this.finished(generated)) return;
      const data = (logits as unknown as Tensor[])[row]!.data as Float32Array;
      data.fill(Number.NEGATIVE_INFINITY);
      data[this.eosIds[0]!] = 0;
    });
    return logits;
  }

  private finished(generated: number[]): boolean {
    if (generated.some((id) => this.eosIds.includes(id))) return true;
    if (this.stops.length === 0 || generated.length === 0) return false;
    return findStop(this.tokenizer.decode(generated, { skip_special_tokens: true }), this.stops) !== -1;
  }
}

/** The end-of-sequence ids of a model: its generation config's, else its tokenizer's. */
export function eosTokenIds(
  model: { generation_config?: { eos_token_id?: number | number[] | null } | null },
  tokenizer: { eos_token_id?: number | null },
): number[] {
  const eos = model.generation_config?.eos_token_id ?? tokenizer.eos_token_id;
  if (eos === undefined || eos === null) return [];
  return (Array.isArray(eos) ? eos : [eos]).map(Number);
}

/**
 * Byte-level BPE tokenizer files in the format of GPT-2's and Whisper's `tokenizer.json`:
 * 256 byte tokens in GPT-2's byte-to-unicode order, a few merges, then special tokens.
 */

/** GPT-2's reversible byte → printable character map (`bytes_to_unicode` in its encoder.py). */
export function bytesToUnicode(): Map<number, string> {
  const printable: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) printable.push(b);
  for (let b = 0xa1; b <= 0xac; b++) printable.push(b);
  for (let b = 0xae; b <= 0xff; b++) printable.push(b);
  const map = new Map<number, string>();
  for (const b of printable) map.set(b, String.fromCharCode(b));
  let next = 0;
  for (let b = 0; b < 256; b++) {
    if (!map.has(b)) map.set(b, String.fromCharCode(256 + next++));
  }
  return map;
}

/** The first merges GPT-2 learned, enough to make common English words a token or two. */
const MERGES: ReadonlyArray<readonly [string, string]> = [
  ['Ġ', 't'],
  ['Ġ', 'a'],
  ['h', 'e'],
  ['i', 'n'],
  ['r', 'e'],
  ['o', 'n'],
  ['Ġt', 'he'],
  ['e', 'r'],
  ['Ġ', 's'],
  ['a', 't'],
  ['Ġ', 'w'],
  ['Ġ', 'o'],
  ['e', 'n'],
  ['Ġ', 'c'],
  ['i', 't'],
  ['i', 's'],
];

export interface SpecialToken {
  content: string;
  /** Timestamp tokens are added tokens that decode as text, as in Whisper's own tokenizer. */
  special?: boolean;
}

export interface ByteLevelVocab {
  /** token → id, bytes first (ids 0–255), then merges, then specials. */
  vocab: Map<string, number>;
  /** ids of the byte tokens, indexed by byte value. */
  byteIds: number[];
  tokenizerJson: object;
}

export function byteLevelBpe(specials: readonly SpecialToken[]): ByteLevelVocab {
  const vocab = new Map<string, number>();
  const byteIds: number[] = new Array(256);
  for (const [byte, char] of orderedBytes()) {
    byteIds[byte] = vocab.size;
    vocab.set(char, vocab.size);
  }
  for (const [left, right] of MERGES) vocab.set(left + right, vocab.size);
  const addedTokens = specials.map(({ content, special = true }) => {
    const id = vocab.size;
    vocab.set(content, id);
    return { id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special };
  });

  const byteLevel = { add_prefix_space: false, trim_offsets: true, use_regex: true };
  const tokenizerJson = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: addedTokens,
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', ...byteLevel },
    post_processor: { type: 'ByteLevel', ...byteLevel },
    decoder: { type: 'ByteLevel', ...byteLevel },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: '',
      end_of_word_suffix: '',
      fuse_unk: false,
      byte_fallback: false,
      vocab: Object.fromEntries(vocab),
      merges: MERGES.map(([left, right]) => `${left} ${right}`),
    },
  };
  return { vocab, byteIds, tokenizerJson };
}

/** Bytes in GPT-2's vocabulary order: the printable ones first, then the remapped rest. */
function orderedBytes(): Array<[number, string]> {
  return [...bytesToUnicode()].sort((a, b) => a[1].charCodeAt(0) - b[1].charCodeAt(0));
}

/**
 * A logit bias over the vocabulary that favours printable ASCII: random weights otherwise emit
 * control characters and broken UTF-8, which makes demo output unreadable. Bytes outside
 * 0x20–0x7e get `penalty`; merged tokens (all printable) and the rest get 0.
 */
export function printableBias(vocabSize: number, byteIds: readonly number[], penalty: number): Float32Array {
  const bias = new Float32Array(vocabSize);
  for (let byte = 0; byte < 256; byte++) {
    if (byte < 0x20 || byte > 0x7e) bias[byteIds[byte]!] = penalty;
  }
  return bias;
}

/**
 * Speech to text on transformers.js. Audio of any format is decoded by ffmpeg to 16 kHz mono.
 * Clips that fit the model's window are transcribed together in one batched `generate`
 * (transformers.js's ASR pipeline runs one clip at a time); longer audio goes through the
 * pipeline's own chunking with a window of the model's length and overlapping strides.
 */
import {
  type AutomaticSpeechRecognitionPipeline,
  cat,
  SuppressTokensAtBeginLogitsProcessor,
  type Tensor,
} from '@huggingface/transformers';
import { decodeAudio } from '../audio/decode';
import { resample } from '../audio/resample';
import { InferenceError } from '../errors';
import { type LoadOptions, loadTransformersPipeline, type ModelInfo } from '../model/load';
import { eosTokenIds, FinishedRows } from './finished-rows';

/** A file path, the bytes of an audio file, or samples at a known rate. */
export type AudioInput = string | Uint8Array | { samples: Float32Array; sampleRate: number };

export interface TranscribeOptions {
  /** Cap on generated tokens per window; default: the model's generation config. */
  maxNewTokens?: number;
  /** Longest audio accepted, seconds; default 600. */
  maxSeconds?: number;
}

export interface Transcription {
  text: string;
  /** Length of the audio. */
  seconds: number;
}

const WHISPER_TYPES = new Set(['whisper', 'lite-whisper']);

export class SpeechRecognizer {
  readonly task = 'speech-to-text';

  private constructor(
    private readonly pipe: AutomaticSpeechRecognitionPipeline,
    readonly info: ModelInfo,
  ) {}

  static async load(model: string, options: LoadOptions = {}): Promise<SpeechRecognizer> {
    const { pipe, info } = await loadTransformersPipeline<AutomaticSpeechRecognitionPipeline>(
      'automatic-speech-recognition',
      model,
      options,
    );
    return new SpeechRecognizer(pipe, info);
  }

  private get featureConfig(): { sampling_rate: number; chunk_length?: number } {
    return (
      this.pipe.processor as unknown as {
        feature_extractor: { config: { sampling_rate: number; chunk_length?: number } };
      }
    ).feature_extractor.config;
  }

  get sampleRate(): number {
    return this.featureConfig.sampling_rate;
  }

  /** Seconds of audio the model sees at once (30 for Whisper); undefined for models without a window. */
  get windowSeconds(): number | undefined {
    return this.featureConfig.chunk_length;
  }

  /** Decodes audio to the model's rate and channel layout, with clear errors for bad input. */
  async prepare(inputs: readonly AudioInput[], options: TranscribeOptions = {}): Promise<Float32Array[]> {
    const maxSeconds = options.maxSeconds ?? 600;
    return Promise.all(
      inputs.map(async (input, index) => {
        if (typeof input === 'string' || input instanceof Uint8Array) {
          const label = typeof input === 'string' ? input : `audio input ${index}`;
          return decodeAudio(input, { sampleRate: this.sampleRate, maxSeconds, label });
        }
        if (input.samples.length === 0) {
          throw new InferenceError('EmptyInput', `Audio input ${index} has no samples.`, { index });
        }
        if (input.samples.length / input.sampleRate > maxSeconds) {
          throw new InferenceError(
            'InputTooLarge',
            `Audio input ${index} is longer than the ${maxSeconds} s limit.`,
            {
              index,
            },
          );
        }
        return resample(input.samples, input.sampleRate, this.sampleRate);
      }),
    );
  }

  async transcribe(inputs: readonly AudioInput[], options: TranscribeOptions = {}): Promise<Transcription[]> {
    const audios = await this.prepare(inputs, options);
    return this.transcribeSamples(audios, options);
  }

  /** Samples already at `sampleRate`, mono. */
  async transcribeSamples(
    audios: readonly Float32Array[],
    options: TranscribeOptions = {},
  ): Promise<Transcription[]> {
    const window = this.windowSeconds;
    const fits = (audio: Float32Array): boolean =>
      window !== undefined && audio.length <= window * this.sampleRate;
    const batchable = WHISPER_TYPES.has(this.pipe.model.config.model_type ?? '');
    const texts: string[] = new Array(audios.length);

    const short = audios
      .map((audio, index) => ({ audio, index }))
      .filter(({ audio }) => batchable && fits(audio));
    if (short.length > 0) {
      const batch = await this.generateBatch(
        short.map(({ audio }) => audio),
        options,
      );
      short.forEach(({ index }, row) => {
        texts[index] = batch[row]!;
      });
    }
    for (let index = 0; index < audios.length; index++) {
      if (texts[index] !== undefined) continue;
      const audio = audios[index]!;
      const chunking =
        window !== undefined && !fits(audio) ? { chunk_length_s: window, stride_length_s: window / 6 } : {};
      const output = (await this.pipe(audio, {
        ...chunking,
        ...(options.maxNewTokens === undefined ? {} : { max_new_tokens: options.maxNewTokens }),
      })) as { text: string };
      texts[index] = output.text.trim();
    }
    return audios.map((audio, index) => ({ text: texts[index]!, seconds: audio.length / this.sampleRate }));
  }

  async dispose(): Promise<void> {
    await this.pipe.dispose();
  }

  /**
   * One batched encoder pass and one batched decoder step per token for clips within the window.
   * transformers.js 4.3.1's Whisper `generate` builds its prompt (`<|startoftranscript|>` …) for
   * one row, so the prompt is given per row here, and the logits processor that keeps the first
   * token from being end-of-sequence — which `generate` would place by the number of rows — is
   * added with the prompt's length instead.
   */
  private async generateBatch(
    audios: readonly Float32Array[],
    options: TranscribeOptions,
  ): Promise<string[]> {
    const { processor, model, tokenizer } = this.pipe;
    const features: Tensor[] = [];
    for (const audio of audios) features.push((await processor(audio)).input_features as Tensor);
    const whisper = model as unknown as WhisperInternals;
    const prompt = whisper._retrieve_init_tokens(whisper._prepare_generation_config(null, {}));
    const beginSuppress = whisper.generation_config?.begin_suppress_tokens ?? [];
    const eosIds = eosTokenIds(model, tokenizer);
    const processors = [
      ...(beginSuppress.length > 0
        ? [new SuppressTokensAtBeginLogitsProcessor(beginSuppress, prompt.length)]
        : []),
      ...(eosIds.length > 0 ? [new FinishedRows(eosIds, [], tokenizer)] : []),
    ];
    const tokens = (await model.generate({
      inputs: features.length === 1 ? features[0]! : cat(features, 0),
      decoder_input_ids: audios.map(() => prompt),
      begin_suppress_tokens: null,
      logits_processor: processors,
      ...(options.maxNewTokens === undefined ? {} : { max_new_tokens: options.maxNewTokens }),
    } as never)) as Tensor;
    return tokenizer.batch_decode(tokens, { skip_special_tokens: true }).map((text) => text.trim());
  }
}

/** The parts of transformers.js's WhisperForConditionalGeneration that batching needs. */
interface WhisperInternals {
  generation_config?: { begin_suppress_tokens?: number[] | null };
  _prepare_generation_config(config: null, kwargs: object): object;
  _retrieve_init_tokens(config: object): number[];
}

/**
 * `subnetkit-infer <task> <input files…> [--model ID|DIR] [--device auto|cuda|cpu] [--offline]`
 * Runs one pipeline by hand and prints one JSON line per input: the result and its latency.
 * Exit codes: 0 every input ran, 1 some input failed (its line says why), 2 usage, 3 the model
 * could not be loaded.
 */
import { createLogger, defineOptions, formatHelp, type Logger, parseConfig } from '@subnetkit/core';
import { errorMessage, InferenceError } from '../errors';
import { DEVICE_CHOICES, DTYPE_CHOICES } from '../options';
import { DEFAULT_MODELS, isTask, loadTask, TASKS, type TaskRunner } from '../tasks';

const cliOptions = defineOptions([
  {
    name: 'model',
    type: 'string',
    help: 'Hub id or model folder (OCR: a folder of PP-OCR files); default per task',
  },
  { name: 'device', type: 'string', choices: DEVICE_CHOICES, default: 'auto', help: 'auto, cuda or cpu' },
  {
    name: 'dtype',
    type: 'string',
    choices: DTYPE_CHOICES,
    default: 'auto',
    help: 'Weights to load where a model offers several',
  },
  {
    name: 'offline',
    type: 'boolean',
    help: 'No network calls: the model must be a folder or already cached',
  },
  { name: 'cache_dir', type: 'string', help: 'Where hub models are downloaded and looked up' },
  { name: 'max_new_tokens', type: 'integer', min: 1, help: 'Text generation and speech: cap on new tokens' },
  { name: 'top_k', type: 'integer', min: 1, help: 'Image classification: labels per image (default 5)' },
  { name: 'stop', type: 'string', help: 'Text generation: stop string' },
  { name: 'batch', type: 'boolean', help: 'Run all inputs as one batch (one forward) instead of one by one' },
  { name: 'quiet', type: 'boolean', help: 'No log lines on stderr' },
]);

const USAGE = `Usage: subnetkit-infer <task> <input files…> [options]

Tasks: ${TASKS.join(', ')}
  text-generation       each input file holds a prompt
  speech-to-text        audio files (anything ffmpeg reads)
  image-classification  image files (anything sharp reads)
  ocr                   image files, read with PP-OCRv4
Default models: ${Object.entries(DEFAULT_MODELS)
  .map(([task, model]) => `${task} ${model}`)
  .join('; ')}.
Offline: npx subnetkit-forge ./models, then --model ./models/tiny-gpt2 (tiny-whisper, tiny-vit).
Prints one JSON line per input: {"input","task","result","ms"} or {"input","task","error"}.

Options:
${formatHelp(cliOptions)}`;

export interface CliIO {
  out: (line: string) => void;
  err: (line: string) => void;
  logger?: Logger;
}

const defaultIO: CliIO = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

export async function main(argv: readonly string[], io: CliIO = defaultIO): Promise<number> {
  let parsed: ReturnType<typeof parseConfig<typeof cliOptions>>;
  try {
    parsed = parseConfig(cliOptions, { argv, strict: false });
  } catch (error) {
    io.err(`subnetkit-infer: ${errorMessage(error)}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.help) {
    io.out(USAGE);
    return 0;
  }
  const unknown = parsed.rest.find((token) => token.startsWith('--'));
  const [task, ...inputs] = parsed.rest;
  const problem =
    unknown !== undefined
      ? `unknown option ${unknown}`
      : task === undefined
        ? 'missing task'
        : !isTask(task)
          ? `unknown task "${task}"`
          : inputs.length === 0
            ? 'no input files'
            : undefined;
  if (problem !== undefined || task === undefined || !isTask(task)) {
    io.err(`subnetkit-infer: ${problem}\n\n${USAGE}`);
    return 2;
  }

  const { config } = parsed;
  const logger =
    io.logger ??
    createLogger(
      { level: config.quiet ? 'silent' : 'info', name: 'subnetkit-infer' },
      { destination: { write: (line) => process.stderr.write(line), isTTY: process.stderr.isTTY } },
    );
  let runner: TaskRunner;
  try {
    runner = await loadTask(task, {
      ...(config.model === undefined ? {} : { model: config.model }),
      device: config.device as (typeof DEVICE_CHOICES)[number],
      dtype: config.dtype as (typeof DTYPE_CHOICES)[number],
      offline: config.offline,
      ...(config.cache_dir === undefined ? {} : { cacheDir: config.cache_dir }),
      ...(config.max_new_tokens === undefined ? {} : { maxNewTokens: config.max_new_tokens }),
      ...(config.top_k === undefined ? {} : { topK: config.top_k }),
      ...(config.stop === undefined ? {} : { stop: [config.stop] }),
      logger,
    });
  } catch (error) {
    io.err(`subnetkit-infer: ${errorMessage(error)}`);
    return 3;
  }

  let failed = 0;
  const print = (input: string, outcome: { result: unknown; ms: number } | { error: unknown }): void => {
    if ('error' in outcome) {
      failed++;
      const { error } = outcome;
      const code = error instanceof InferenceError ? error.code : 'Error';
      io.out(JSON.stringify({ input, task, error: { code, message: errorMessage(error) } }));
    } else {
      io.out(JSON.stringify({ input, task, result: outcome.result, ms: round(outcome.ms) }));
    }
  };
  try {
    if (config.batch) {
      const prepared = await Promise.all(inputs.map((input) => prepareOne(runner, input)));
      const good = inputs.flatMap((input, i) =>
        'error' in prepared[i]! ? [] : [{ input, value: prepared[i]!.value }],
      );
      prepared.forEach((outcome, i) => {
        if ('error' in outcome) print(inputs[i]!, outcome);
      });
      if (good.length > 0) {
        const started = performance.now();
        try {
          const results = await runner.run(good.map(({ value }) => value));
          const ms = performance.now() - started;
          good.forEach(({ input }, i) => {
            print(input, { result: results[i], ms });
          });
        } catch (error) {
          for (const { input } of good) print(input, { error });
        }
      }
    } else {
      for (const input of inputs) {
        const started = performance.now();
        const prepared = await prepareOne(runner, input);
        if ('error' in prepared) {
          print(input, prepared);
          continue;
        }
        try {
          const [result] = await runner.run([prepared.value]);
          print(input, { result, ms: performance.now() - started });
        } catch (error) {
          print(input, { error });
        }
      }
    }
  } finally {
    await runner.dispose();
  }
  return failed > 0 ? 1 : 0;
}

async function prepareOne(
  runner: TaskRunner,
  input: string,
): Promise<{ value: unknown } | { error: unknown }> {
  try {
    const [value] = await runner.prepare([input]);
    return { value };
  } catch (error) {
    return { error };
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/**
 * Any audio ffmpeg reads → 16 kHz mono float32, the input of speech models, through fluent-ffmpeg
 * and the static ffmpeg binary of @ffmpeg-installer/ffmpeg (no system ffmpeg needed).
 */
import { PassThrough, Readable } from 'node:stream';
import ffmpegInstaller from '@ffmpeg-installer/ffmpeg';
import ffmpeg from 'fluent-ffmpeg';
import { errorMessage, InferenceError } from '../errors';

export const SPEECH_SAMPLE_RATE = 16_000;

export interface DecodeAudioOptions {
  /** Output rate; default 16 kHz. */
  sampleRate?: number;
  /** Longest audio accepted, in seconds; default 600. Longer input is an `InputTooLarge` error. */
  maxSeconds?: number;
  /** Shown in errors: a file name, `request 3`… */
  label?: string;
}

/** `source` is a file path or the bytes of an audio file. */
export async function decodeAudio(
  source: string | Uint8Array,
  options: DecodeAudioOptions = {},
): Promise<Float32Array> {
  const { sampleRate = SPEECH_SAMPLE_RATE, maxSeconds = 600 } = options;
  const label = options.label ?? (typeof source === 'string' ? source : 'audio input');
  if (typeof source !== 'string' && source.length === 0) {
    throw new InferenceError('EmptyInput', `${label} is empty (0 bytes): give the bytes of an audio file.`, {
      label,
    });
  }
  const maxBytes = Math.ceil(maxSeconds * sampleRate) * 4;
  const chunks: Buffer[] = [];
  let bytes = 0;
  let tooLong = false;
  const output = new PassThrough();

  await new Promise<void>((resolve, reject) => {
    const input = typeof source === 'string' ? source : Readable.from([Buffer.from(source)]);
    const command = ffmpeg(input)
      .setFfmpegPath(ffmpegInstaller.path)
      .noVideo()
      .audioChannels(1)
      .audioFrequency(sampleRate)
      .audioCodec('pcm_f32le')
      .format('f32le')
      .on('error', (error: Error, _stdout: string | null, stderr: string | null) => {
        if (tooLong) resolve();
        else reject(invalidAudio(label, error, stderr));
      })
      .on('end', () => resolve());
    output.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        tooLong = true;
        command.kill('SIGKILL');
        return;
      }
      chunks.push(chunk);
    });
    command.pipe(output, { end: true });
  });

  if (tooLong) {
    throw new InferenceError(
      'InputTooLarge',
      `${label} is longer than the ${maxSeconds} s limit: cut it into shorter pieces or raise maxSeconds.`,
      { label, maxSeconds },
    );
  }
  const pcm = Buffer.concat(chunks);
  if (pcm.length < 4) {
    throw new InferenceError(
      'EmptyInput',
      `${label} decodes to no audio samples: give a recording that is not empty.`,
      {
        label,
      },
    );
  }
  // Copy into an aligned buffer: Buffer.concat may hand back a slice of a shared pool.
  const samples = new Float32Array(Math.floor(pcm.length / 4));
  Buffer.from(samples.buffer).set(pcm.subarray(0, samples.length * 4));
  return samples;
}

function invalidAudio(label: string, error: Error, stderr: string | null): InferenceError {
  const lines = (stderr ?? '').trim().split('\n').filter(Boolean);
  const why = lines.at(-1) ?? errorMessage(error);
  return new InferenceError(
    'InvalidAudio',
    `Could not decode ${label} as audio (ffmpeg: ${why.trim()}). Give a file ffmpeg reads: wav, mp3, flac, ogg, m4a, webm…`,
    { label, ffmpeg: lines.slice(-5) },
    { cause: error },
  );
}

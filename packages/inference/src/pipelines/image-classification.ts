/**
 * Image classification on transformers.js: any image sharp reads, several images in one
 * batched forward.
 */
import { type ImageClassificationPipeline, RawImage } from '@huggingface/transformers';
import { InferenceError } from '../errors';
import { type DecodedImage, decodeImageInput } from '../image/decode';
import { type LoadOptions, loadTransformersPipeline, type ModelInfo } from '../model/load';

/** A file path, the bytes of an image file, or decoded pixels. */
export type ImageInput = string | Uint8Array | DecodedImage;

export interface ClassifyOptions {
  /** Labels per image, best first; default 5. */
  topK?: number;
  /** Largest image accepted, in pixels; default 40 million. */
  maxPixels?: number;
}

export interface LabelScore {
  label: string;
  score: number;
}

export class ImageClassifier {
  readonly task = 'image-classification';

  private constructor(
    private readonly pipe: ImageClassificationPipeline,
    readonly info: ModelInfo,
  ) {}

  static async load(model: string, options: LoadOptions = {}): Promise<ImageClassifier> {
    const { pipe, info } = await loadTransformersPipeline<ImageClassificationPipeline>(
      'image-classification',
      model,
      options,
    );
    return new ImageClassifier(pipe, info);
  }

  async prepare(inputs: readonly ImageInput[], options: ClassifyOptions = {}): Promise<RawImage[]> {
    return Promise.all(
      inputs.map(async (input, index) => {
        const image = await decodeImageInput(input, index, options.maxPixels);
        if (image.width === 0 || image.height === 0) {
          throw new InferenceError('EmptyInput', `Image input ${index} has no pixels.`, { index });
        }
        return new RawImage(image.data, image.width, image.height, image.channels);
      }),
    );
  }

  async classify(inputs: readonly ImageInput[], options: ClassifyOptions = {}): Promise<LabelScore[][]> {
    const images = await this.prepare(inputs, options);
    return this.classifyImages(images, options);
  }

  /** Images already decoded; all of them in one forward. */
  async classifyImages(images: readonly RawImage[], options: ClassifyOptions = {}): Promise<LabelScore[][]> {
    if (images.length === 0) return [];
    const topK = options.topK ?? 5;
    const output = (await this.pipe([...images], { top_k: topK })) as LabelScore[][] | LabelScore[];
    // A batch of one comes back unwrapped.
    return images.length === 1 && !Array.isArray(output[0])
      ? [output as LabelScore[]]
      : (output as LabelScore[][]);
  }

  async dispose(): Promise<void> {
    await this.pipe.dispose();
  }
}

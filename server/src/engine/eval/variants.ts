/**
 * Prompt sensitivity: one figure per instruction variant, their mean and their SAMPLE
 * standard deviation (n - 1 in the denominator: the variants are a sample of the wordings
 * the model could be asked with), rounded to two decimals.
 */
export interface VariantStats {
  /** The figure of each variant, in variant order, as reported for a single variant. */
  values: number[];
  mean: number;
  /** Sample standard deviation (n - 1); 0 for a single value. */
  sd: number;
}

export const SD_KIND = 'mean and sample standard deviation (n - 1) over the instruction variants';

const round2 = (x: number) => Math.round(x * 100) / 100;

export function variantStats(values: readonly number[]): VariantStats {
  const n = values.length;
  const mean = n ? values.reduce((a, b) => a + b, 0) / n : 0;
  const sd = n > 1 ? Math.sqrt(values.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1)) : 0;
  return { values: [...values], mean: round2(mean), sd: round2(sd) };
}

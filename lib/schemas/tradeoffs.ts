import { z } from "zod";

/** One criterion weight as it arrives in the URL: a plain decimal number (clamped by the caller). */
export const ZWeightParam = z
  .string()
  .trim()
  .max(20)
  .regex(/^[+-]?\d+(\.\d+)?$/)
  .transform(Number)
  .pipe(z.number().finite());
export type TWeightParam = z.infer<typeof ZWeightParam>;

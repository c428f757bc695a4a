/** Flags several commands share, spelled and checked once. */
import { z } from 'zod';
import { asOfDateSchema, runIdSchema } from '../core/run-params.js';

export const databaseUrlFlag = z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL').optional();
export const asOfFlag = asOfDateSchema.optional();
export const runIdFlag = runIdSchema.optional();

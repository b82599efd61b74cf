import { join } from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import { InvalidArgumentError, type Command } from 'commander';
import { DemoClient } from '../../../../seeds/demo/demo-client';
import {
  DEFAULT_CHUNK_ROWS,
  DEFAULT_SEED,
  ScaleSeedError,
  seedScale,
  type ScaleKind,
  type ScaleProgress,
  type ScaleSeedSummary,
} from '../../../../seeds/scale/seed-scale';
import { CliError } from '../cli-context';
import type { CliRunner } from '../cli-runner';
import { DEFAULT_URL } from '../hutong-client';

interface SeedScaleOptions {
  persons: number;
  legalPersons: number;
  addresses: number;
  seed: number;
  chunkRows: number;
  url?: string;
  keysDir?: string;
}

/** Without a terminal (CI, a log file), one progress line this often. */
const PROGRESS_LINE_MS = 10_000;

const EXAMPLES = `
Examples:
  npx hutong seed demo                      # first: the demo city, its providers and their keys
  npx hutong seed scale --persons 1000000   # a million residents (about 5 minutes on 2 cores)
  npx hutong seed scale --persons 20000000 --legal-persons 3000000 --addresses 5000000
  npx hutong --json seed scale --persons 3000 --seed 7 --chunk-rows 1500

The rows are synthetic but valid: citizen IDs (GB 11643) and credit codes (GB 32100) with correct
check characters, distinct by construction, in real districts of Guangzhou, Zhongshan, Chengdu and
Zhengzhou weighted by population; ages follow the 2020 census pyramid. Address points lie inside the
demo districts' polygons. Persons are loaded as 市公安局, legal persons as 市市场监督管理局, addresses
as 市规划和自然资源局, through the same bulk imports an agency uses, one import per chunk, each
followed to completion. The same counts, seed and chunk size send the same bytes: the gateway answers
a chunk it has seen with the earlier import, so running the command again changes nothing.`;

export function registerSeedScaleCommand(seed: Command, run: CliRunner): void {
  seed
    .command('scale')
    .description(
      'Load city-sized synthetic persons, legal persons and address points through the bulk imports, as the demo city’s providers (run `seed demo` first; again: changes nothing)',
    )
    .option('--persons <n>', 'persons for the population registry, 0 to about 89 million', count, 0)
    .option(
      '--legal-persons <n>',
      'legal persons for the legal-person registry (representatives are among the persons)',
      count,
      0,
    )
    .option('--addresses <n>', 'door-number address points for the spatial addresses collection', count, 0)
    .option(
      '--seed <int>',
      'seed of the generator, 0–4294967295: the same seed gives the same rows, another seed others',
      count,
      DEFAULT_SEED,
    )
    .option(
      '--chunk-rows <n>',
      'rows per import (each chunk is one streamed upload, followed to completion)',
      count,
      DEFAULT_CHUNK_ROWS,
    )
    .option('--url <url>', `gateway URL (env HUTONG_URL, default ${DEFAULT_URL})`)
    .option('--keys-dir <dir>', 'where `seed demo` put the demo private keys (default: DATA_DIR/demo-keys)')
    .addHelpText('after', EXAMPLES)
    .action(
      run(async (ctx, options: SeedScaleOptions) => {
        const client = new DemoClient(
          options.url ?? process.env.HUTONG_URL ?? DEFAULT_URL,
          options.keysDir ?? join(ctx.config.dataDir, 'demo-keys'),
        );
        const progress = process.stderr.isTTY ? new ProgressBars() : new ProgressLines();
        let summary: ScaleSeedSummary;
        try {
          summary = await seedScale({
            client,
            counts: { persons: options.persons, legalPersons: options.legalPersons, addresses: options.addresses },
            seed: options.seed,
            chunkRows: options.chunkRows,
            onProgress: (update) => progress.update(update),
          });
        } catch (error) {
          if (error instanceof ScaleSeedError) throw new CliError(error.message);
          throw error;
        } finally {
          progress.stop();
        }
        ctx.print(summary, () => humanSummary(summary));
      }),
    );
}

/** A non-negative integer option; `_` may group digits (20_000_000). */
function count(value: string): number {
  const digits = value.replace(/_/g, '');
  if (!/^\d+$/.test(digits) || !Number.isSafeInteger(Number(digits))) {
    throw new InvalidArgumentError('expected a non-negative integer');
  }
  return Number(digits);
}

const KIND_LABELS: Readonly<Record<ScaleKind, string>> = {
  persons: 'persons',
  'legal-persons': 'legal persons',
  addresses: 'addresses',
};

function grouped(value: number): string {
  return Math.round(value)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

function humanSummary(summary: ScaleSeedSummary): string {
  const width = Math.max(...summary.kinds.map((kind) => KIND_LABELS[kind.kind].length));
  return [
    `Scale data loaded in ${summary.seconds} s (seed ${summary.seed}, ${grouped(summary.chunkRows)} rows per import):`,
    ...summary.kinds.map(
      (kind) =>
        `  ${KIND_LABELS[kind.kind].padEnd(width)}  ${grouped(kind.rows)} rows: ${grouped(kind.created)} created, ` +
        `${grouped(kind.updated)} updated, ${grouped(kind.unchanged)} unchanged, ${grouped(kind.rejected)} rejected` +
        `${kind.alreadyImported > 0 ? ` (${kind.alreadyImported} of ${kind.chunks} chunks imported before)` : ''}` +
        ` in ${kind.seconds} s, ${grouped(kind.rowsPerSecond)} rows/s`,
    ),
  ].join('\n');
}

interface ProgressDisplay {
  update(progress: ScaleProgress): void;
  stop(): void;
}

/** On a terminal: a bar per kind (cli-progress), with rows, chunk, rate and time left. */
class ProgressBars implements ProgressDisplay {
  private bar: SingleBar | undefined;
  private kind: ScaleKind | undefined;
  private startedAt = 0;

  update(progress: ScaleProgress): void {
    if (progress.kind !== this.kind) {
      this.bar?.stop();
      this.kind = progress.kind;
      this.bar = new SingleBar(
        {
          format: `${KIND_LABELS[progress.kind].padEnd(13)} [{bar}] {percentage}% | {rows}/{totalRows} rows | chunk {chunk}/{chunks} | {rate} rows/s | ETA {eta_formatted}`,
          hideCursor: true,
          etaBuffer: 50,
          fps: 4,
        },
        Presets.shades_classic,
      );
      this.bar.start(progress.rowsTotal, 0, this.payload(progress, 0));
      this.startedAt = Date.now();
    }
    const bar = this.bar as SingleBar;
    const seconds = (Date.now() - this.startedAt) / 1000;
    bar.update(progress.rowsDone, this.payload(progress, seconds > 0 ? progress.rowsDone / seconds : 0));
  }

  stop(): void {
    this.bar?.stop();
  }

  private payload(progress: ScaleProgress, rate: number) {
    return {
      rows: grouped(progress.rowsDone),
      totalRows: grouped(progress.rowsTotal),
      chunk: progress.chunk,
      chunks: progress.chunks,
      rate: grouped(rate),
    };
  }
}

/** Without a terminal: a line every ten seconds, and one when a kind is done. */
class ProgressLines implements ProgressDisplay {
  private kind: ScaleKind | undefined;
  private startedAt = 0;
  private lastLineAt = 0;
  private done = false;

  update(progress: ScaleProgress): void {
    const now = Date.now();
    if (progress.kind !== this.kind) {
      this.kind = progress.kind;
      this.startedAt = now;
      this.lastLineAt = now;
      this.done = false;
    }
    const done = progress.rowsDone >= progress.rowsTotal;
    if (this.done || (!done && now - this.lastLineAt < PROGRESS_LINE_MS)) return;
    this.done = done;
    this.lastLineAt = now;
    const seconds = (now - this.startedAt) / 1000;
    const percent = progress.rowsTotal === 0 ? 100 : Math.floor((progress.rowsDone / progress.rowsTotal) * 100);
    process.stderr.write(
      `seed scale: ${KIND_LABELS[progress.kind]} ${grouped(progress.rowsDone)}/${grouped(progress.rowsTotal)} rows (${percent} %), ` +
        `chunk ${progress.chunk}/${progress.chunks}, ${grouped(seconds > 0 ? progress.rowsDone / seconds : 0)} rows/s\n`,
    );
  }

  stop(): void {
    // Lines need no closing.
  }
}

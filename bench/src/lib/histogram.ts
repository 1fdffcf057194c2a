/**
 * A mergeable latency histogram in microseconds: exact below 128 µs, then 64 buckets per power of
 * two (about 1.5 % resolution). Workers ship it to the coordinator instead of raw samples, so a
 * run of millions of deliveries stays a few kilobytes.
 */
const SUB_BITS = 6;
const SUB_COUNT = 1 << SUB_BITS;
const BUCKETS = 27 * SUB_COUNT;

export interface SerializedHistogram {
  /** `[bucketIndex, count]` pairs of the non-empty buckets. */
  buckets: [number, number][];
  count: number;
  sumUs: number;
  maxUs: number;
}

export interface LatencySummaryMs {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

function bucketOf(us: number): number {
  const v = Math.max(0, Math.min(Math.round(us), 2 ** 31 - 1));
  if (v < 2 * SUB_COUNT) return v;
  const shift = 31 - Math.clz32(v) - SUB_BITS;
  return shift * SUB_COUNT + (v >>> shift);
}

/** The middle of a bucket, in µs. */
function valueOf(index: number): number {
  if (index < 2 * SUB_COUNT) return index;
  const shift = Math.floor(index / SUB_COUNT) - 1;
  const mantissa = index - shift * SUB_COUNT;
  return mantissa * 2 ** shift + 2 ** (shift - 1);
}

export class LatencyHistogram {
  private readonly counts = new Float64Array(BUCKETS);
  count = 0;
  sumUs = 0;
  maxUs = 0;

  recordMs(ms: number): void {
    this.recordUs(ms * 1000);
  }

  recordUs(us: number): void {
    this.counts[bucketOf(us)]++;
    this.count++;
    this.sumUs += us;
    if (us > this.maxUs) this.maxUs = us;
  }

  merge(other: SerializedHistogram): this {
    for (const [index, n] of other.buckets) this.counts[index] += n;
    this.count += other.count;
    this.sumUs += other.sumUs;
    this.maxUs = Math.max(this.maxUs, other.maxUs);
    return this;
  }

  /** `p` in 0..100; returns µs. */
  percentileUs(p: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i];
      if (seen >= rank) return Math.min(valueOf(i), this.maxUs);
    }
    return this.maxUs;
  }

  summaryMs(): LatencySummaryMs {
    const ms = (us: number) => Math.round(us) / 1000;
    return {
      count: this.count,
      p50: ms(this.percentileUs(50)),
      p95: ms(this.percentileUs(95)),
      p99: ms(this.percentileUs(99)),
      max: ms(this.maxUs),
      mean: this.count ? ms(this.sumUs / this.count) : 0,
    };
  }

  toJSON(): SerializedHistogram {
    const buckets: [number, number][] = [];
    for (let i = 0; i < BUCKETS; i++) if (this.counts[i] > 0) buckets.push([i, this.counts[i]]);
    return { buckets, count: this.count, sumUs: this.sumUs, maxUs: this.maxUs };
  }

  static from(serialized: SerializedHistogram[]): LatencyHistogram {
    const h = new LatencyHistogram();
    for (const s of serialized) h.merge(s);
    return h;
  }
}

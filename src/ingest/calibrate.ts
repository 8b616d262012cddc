/**
 * Calibration (README "Captured traces"): values the device defines and the capture does not state
 * up front are adopted from their first observation and become device options of the shadow run;
 * from then on the twin holds them, so every later observation of the same value is compared like
 * any other. Each adopted value is an assumption with the line it came from.
 */
import type { DeviceConfigInput } from '../domain/config.js';
import type { Assumption } from './steps.js';

/** Device options the planners may set, with what the report calls them. */
export type Option = keyof DeviceConfigInput;

interface Fact {
  value: unknown;
  line: number | null;
  what: string;
  shown: string | number | boolean;
}

/** Facts gathered while planning: the first value of each option (or the largest, for counts). */
export class Calibration {
  private readonly facts = new Map<string, Fact>();
  private readonly macs = new Map<number, { bytes: (number | null)[]; line: number }>();
  /** How many times a fact was adopted or raised, or a MAC byte read: equal counts, same result. */
  changes = 0;

  /** An independent copy (a result taken before the capture's last line: ./stream.ts). */
  copy(): Calibration {
    const c = new Calibration();
    for (const [k, f] of this.facts) c.facts.set(k, { ...f });
    for (const [fn, m] of this.macs) c.macs.set(fn, { bytes: m.bytes.slice(), line: m.line });
    c.changes = this.changes;
    return c;
  }

  /** Adopt `value` for `key` unless an earlier line already gave one. */
  first(
    key: Option,
    value: string | number | boolean,
    line: number | null,
    what: string,
    shown: string | number | boolean = value,
  ): void {
    if (this.facts.has(key)) return;
    this.facts.set(key, { value, line, what, shown });
    this.changes++;
  }

  /** Raise `key` to at least `value` (counts the capture shows a lower bound of). */
  atLeast(key: Option, value: number, line: number | null, what: string): void {
    const f = this.facts.get(key);
    if (f && (f.value as number) >= value) return;
    this.facts.set(key, { value, line, what, shown: value });
    this.changes++;
  }

  has(key: Option): boolean {
    return this.facts.has(key);
  }

  valueOf(key: Option): unknown {
    return this.facts.get(key)?.value;
  }

  /** Byte `index` (0..5) of VF `fn`'s MAC, first observation wins. */
  macByte(fn: number, index: number, value: number, line: number): void {
    let m = this.macs.get(fn);
    if (!m) this.macs.set(fn, (m = { bytes: [null, null, null, null, null, null], line }));
    if (m.bytes[index] !== null) return;
    m.bytes[index] = value & 0xff;
    this.changes++;
  }

  /**
   * The device options and the assumption list. `given`: options the user set (`--device`),
   * which win over anything calibrated. `defaultMac` fills MAC bytes the capture never read.
   */
  result(
    given: DeviceConfigInput,
    defaultMac: (fn: number) => string,
  ): { options: DeviceConfigInput; assumptions: Assumption[] } {
    const options: Record<string, unknown> = {};
    const assumptions: Assumption[] = [];
    for (const [key, f] of this.facts) {
      if (key in given) continue;
      options[key] = f.value;
      assumptions.push({ what: f.what, value: f.shown, line: f.line });
    }
    if (this.macs.size > 0 && !('vfMacs' in given)) {
      const vfMacs: Record<string, string> = {};
      for (const [fn, m] of [...this.macs].sort((a, b) => a[0] - b[0])) {
        const base = defaultMac(fn);
        const hex = m.bytes
          .map((b, i) => (b === null ? base.slice(2 * i, 2 * i + 2) : b.toString(16).padStart(2, '0')))
          .join('');
        vfMacs[String(fn)] = hex;
        const read = m.bytes.filter((b) => b !== null).length;
        const partly = read < 6 ? `; ${read} of 6 bytes read, the rest the default` : '';
        const what = `MAC of VF ${fn} (device config${partly})`;
        assumptions.push({ what, value: hex.match(/../g)!.join(':'), line: m.line });
      }
      options.vfMacs = vfMacs;
    }
    return { options: options as DeviceConfigInput, assumptions };
  }
}

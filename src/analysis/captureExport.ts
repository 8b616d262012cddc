/**
 * Export a twin-recorded run as a vtwin-capture (docs/capture-format.md): what a probe on the
 * device's side would have logged. Admin commands as submitted and completed, SR-IOV writes, the
 * PF's status writes and those a VF's own driver makes, MSI-X capability and table writes, BAR
 * writes to notification addresses, and every interrupt the device signalled with its source and
 * outcome. What a device-side capture cannot
 * show (a driver's vector mapping through the modern common config, ISR reads outside the legacy
 * commands, buffers in guest memory, host bindings) is left out and counted by command op.
 *
 * `vtwin ingest` of the result replays the same run: zero divergences, the same final state (for
 * runs made only of what the format carries).
 */
import { PCI_MSIX_FLAGS_ENABLE, PCI_MSIX_FLAGS_MASKALL } from '../domain/spec/pci.js';
import type { Command } from '../domain/commands.js';
import type { DeviceConfig } from '../domain/config.js';
import type { Event } from '../domain/events.js';
import { CAPTURE_FORMAT, CAPTURE_VERSION, type CaptureHeader, type CaptureRecord } from '../ingest/capture/schema.js';
import { fnLabel } from '../ingest/fnmap.js';
import type { ScanResult, TraceReader } from '../trace/reader.js';
import { TWIN_VERSION } from '../version.js';

/** Command ops whose effect a device-side capture cannot carry. */
const NOT_CARRIED: ReadonlySet<string> = new Set([
  'isr.read',
  'guest.queue.add',
  'guest.cvq',
  'device.needsReset',
  'vf.bind',
  'vf.unbind',
  'host.setPasid',
  'msix.readControl',
  'mmio.write',
  'mmio.read',
  'mmio.notify',
  'mmio.configChange',
  'pf.init',
]);

export interface CaptureExport extends ScanResult {
  records: number;
  /** Commands left out because the format cannot carry their effect, by op. */
  notCarried: Record<string, number>;
}

export function captureHeader(config: DeviceConfig, producer: string): CaptureHeader {
  return {
    format: CAPTURE_FORMAT,
    version: CAPTURE_VERSION,
    device: {
      deviceType: config.deviceType,
      totalVFs: config.totalVFs,
      adminQueues: Math.max(1, config.adminQueues),
      aqDepth: config.aqDepth,
      vfQueues: config.vfQueues,
      legacyQueueSize: config.legacyQueueSize,
      vfMsixVectors: config.vfMsixVectors,
      ...(Object.keys(config.extOpcodes ?? {}).length > 0 ? { extOpcodes: { ...config.extOpcodes } } : {}),
    },
    capturedBy: { tool: 'vtwin export', toolVersion: TWIN_VERSION, method: 'twin-export', from: producer },
  };
}

/** Follows the events and turns each into the records a device-side probe would log. */
class Exporter {
  private readonly fmask = new Map<number, boolean>();
  private readonly enabled = new Map<number, boolean>();
  private raised: { fn: number; source: 'config' | number } | null = null;
  /** The op of the command whose events follow. */
  op = '';

  constructor(private readonly put: (r: CaptureRecord) => void) {}

  private control(fn: number): void {
    const value = (this.enabled.get(fn) ? PCI_MSIX_FLAGS_ENABLE : 0) |
      (this.fmask.get(fn) ? PCI_MSIX_FLAGS_MASKALL : 0);
    this.put({ type: 'msix.control', fn: fnLabel(fn), value });
  }

  /** A raise with no MSI-X outcome: INTx (MSI-X disabled), shown once the raise is over. */
  flush(): void {
    if (this.raised)
      this.put({ type: 'interrupt', fn: fnLabel(this.raised.fn), vector: 'intx', source: this.raised.source });
    this.raised = null;
  }

  event(e: Event): void {
    if (this.raised && e.type !== 'isr/set') {
      const outcome =
        e.type === 'msix/delivered' ||
        e.type === 'msix/pended' ||
        e.type === 'msix/unmapped' ||
        e.type === 'host/irqLost';
      if (!outcome) this.flush();
    }
    switch (e.type) {
      case 'aq/submitted':
        return this.put({ type: 'aq.submit', queue: e.q, id: e.cid, cmd: e.req, writable: 8 + e.resultLen });
      case 'aq/completed':
        return this.put({
          type: 'aq.complete',
          queue: e.q,
          id: e.cid,
          status: e.status,
          qualifier: e.qualifier,
          result: e.result,
          usedLen: e.usedLen,
        });
      case 'sriov/enabled':
        this.put({ type: 'sriov.numVFs', value: e.numVFs });
        return this.put({ type: 'sriov.control', value: 0x9, vfEnable: true, vfMse: true });
      case 'sriov/disabled':
        return this.put({ type: 'sriov.control', value: 0, vfEnable: false, vfMse: false });
      case 'pf/statusWritten':
        return this.put({ type: 'status.write', fn: 'pf', value: e.value });
      case 'pf/reset':
        return this.put({ type: 'status.write', fn: 'pf', value: 0 });
      // A VF's own driver writing its status; through the legacy admin commands the write is
      // already in the command's record.
      case 'legacy/statusWritten':
      case 'legacy/reset':
        if (this.op !== 'vf.status') return;
        return this.put({ type: 'status.write', fn: fnLabel(e.fn), value: e.type === 'legacy/reset' ? 0 : e.value });
      case 'msix/enabled':
        this.enabled.set(e.fn, e.enabled);
        return this.control(e.fn);
      case 'msix/functionMasked':
        this.fmask.set(e.fn, e.masked);
        return this.control(e.fn);
      case 'msix/masked':
        return this.put({
          type: 'msix.entry',
          fn: fnLabel(e.fn),
          entry: e.vector,
          field: 'vectorControl',
          value: e.masked ? 1 : 0,
        });
      case 'msix/programmed':
        for (const field of ['addrLo', 'addrHi', 'data'] as const) {
          this.put({ type: 'msix.entry', fn: fnLabel(e.fn), entry: e.vector, field, value: e[field] });
        }
        return;
      case 'msix/vectorMapped':
        return this.put({
          type: 'msix.map',
          fn: fnLabel(e.fn),
          source: e.source,
          vector: e.requested,
          readBack: e.vector,
        });
      case 'legacy/addressWritten':
        return this.put({
          type: 'bar',
          fn: fnLabel(e.fn),
          bar: e.bar,
          op: 'write',
          offset: e.offset,
          size: 2,
          value: e.value,
        });
      case 'irq/raised':
        this.raised = { fn: e.fn, source: e.source };
        return;
      case 'msix/delivered':
      case 'msix/pended':
      case 'msix/unmapped':
        return this.outcome(e);
      default:
        return;
    }
  }

  private outcome(e: Extract<Event, { type: 'msix/delivered' | 'msix/pended' | 'msix/unmapped' }>): void {
    const fn = fnLabel(e.fn);
    if (e.type === 'msix/delivered' && e.source === 'pba') return this.put({ type: 'interrupt', fn, vector: e.vector });
    const source = this.raised?.source ?? (e.source === 'pba' ? undefined : e.source);
    this.raised = null;
    if (e.type === 'msix/unmapped') return this.put({ type: 'interrupt', fn, source: e.source });
    const rec: CaptureRecord = { type: 'interrupt', fn, vector: e.vector };
    if (source !== undefined) rec.source = source;
    if (e.type === 'msix/pended') rec.pending = true;
    this.put(rec);
  }
}

export function exportCapture(reader: TraceReader, emit: (line: string) => void): CaptureExport {
  emit(JSON.stringify(captureHeader(reader.header.config, reader.header.producer)) + '\n');
  let records = 0;
  const ex = new Exporter((r) => {
    records++;
    emit(JSON.stringify(r) + '\n');
  });
  const notCarried: Record<string, number> = {};
  const result = reader.scan({
    command: (_i, _t, cmd: Command) => {
      ex.op = cmd.op;
      if (NOT_CARRIED.has(cmd.op)) notCarried[cmd.op] = (notCarried[cmd.op] ?? 0) + 1;
    },
    event: (e) => void ex.event(e),
  });
  ex.flush();
  return { ...result, records, notCarried };
}

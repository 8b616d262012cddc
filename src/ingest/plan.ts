/** The planners' common output: steps in capture order, calibration facts, and line accounting. */
import type { Calibration } from './calibrate.js';
import type { Counts } from './counts.js';
import type { FnMap } from './fnmap.js';
import type { Assumption, Step } from './steps.js';

export type CaptureFormat = 'qemu-log' | 'vtwin-capture';

export interface Plan {
  format: CaptureFormat;
  steps: Step[];
  calibration: Calibration;
  /** VFs the run binds to a vfio driver before the first step (qemu-log: the guest owns them). */
  bind: { fn: number; line: number }[];
  /** What the run assumes beyond the calibrated device options (bindings, who a line names). */
  assumptions: Assumption[];
  /**
   * Extension opcodes the capture's header renumbers (vtwin-capture `device.extOpcodes`); `--device`
   * extOpcodes replace them.
   */
  extOpcodes?: Record<string, number>;
  /** Device name -> function, as the report states it. */
  map: FnMap;
  /** Lines in the file, lines used, and the rest by event name. */
  lines: number;
  used: number;
  ignored: Counts;
  unknown: Counts;
  /**
   * Whether a message sent from the Pending Bit Array at an unmask shows in the capture. QEMU
   * delivers those itself without a trace line; a device-side capture sees them leave.
   */
  pbaDeliveriesLogged: boolean;
  /**
   * Who emulates the guest's MSI-X mask and PBA: `host` for a vfio capture (QEMU does; the device
   * never sees the guest's mask bits), `device` for a device-side capture.
   */
  maskActor: 'host' | 'device';
  /**
   * The device status a running driver leaves on a VF, which the run writes when the device
   * notifies a VF whose status the capture has not shown (./shadowStatus.ts).
   */
  runningStatus: number;
}

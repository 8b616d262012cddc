/**
 * The PF as a virtio device: device status ("Device Status Field") and negotiated features
 * (what they mean and the PF at power-on: ./status.ts).
 */
export interface PfState {
  /** device_status as the driver would read it. */
  status: number;
  /** Negotiated feature bits, ascending (bit numbers, so bits above 31 stay exact). */
  features: number[];
  /** How many times the PF was reset: lets timelines and blame name "the 2nd reset". */
  resets: number;
}

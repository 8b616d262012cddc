/**
 * The SR-IOV group (group type 1, "Device groups"): owner = PF, members = VFs 1..NumVFs.
 * The group exists only while VF Enable = 1; NumVFs changes only while VF Enable = 0
 * (Linux: writing a different sriov_numvfs while enabled is -EBUSY, go through 0).
 */
export interface SriovState {
  numVFs: number;
  vfEnable: boolean;
  /**
   * Grows on every enable and disable: lets a command know it was queued across a change. The two
   * alternate from 0, so an odd epoch means VF Enable is set and the move to an even one was a
   * disable (../adminq/process.ts `disabledSince` relies on it).
   */
  epoch: number;
}

/**
 * A VF's life. `incarnation` grows each time the VF is created, so VF 2 destroyed and re-created
 * is a different incarnation with the same member id (docs/spec-notes.md#group-types-and-members).
 */
export interface VfLife {
  alive: boolean;
  incarnation: number;
}

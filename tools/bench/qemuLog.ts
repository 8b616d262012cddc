/**
 * A synthetic QEMU trace log for the ingest bench: Linux legacy virtio-net guests on `vfs` VFs
 * (each brought up through its I/O BAR0 as docs/capture-format.md#what-each-qemu-event-becomes
 * describes), then steady traffic with `x-no-kvm-msix=on`: per round and VF a receive and a
 * transmit kick and their two messages, now and then a control-queue kick, a config change with
 * the guest re-reading the link status, and config-space reads QEMU logs but the twin ignores.
 * Timestamped (`-msg timestamp=on`). Deterministic: the same arguments give the same text.
 */

const hex = (v: number): string => `0x${v.toString(16)}`;

class LogWriter {
  readonly lines: string[] = [];
  private usec = 100_000;
  private sec = 1_761_640_000;

  constructor(private readonly tid: number) {}

  line(event: string, args: string): void {
    this.usec += 7;
    if (this.usec >= 1_000_000) {
      this.sec += 1;
      this.usec -= 1_000_000;
    }
    this.lines.push(`${this.tid}@${this.sec}.${String(this.usec).padStart(6, '0')}:${event} ${args}`);
  }

  write(dev: string, off: number, value: number, size: number): void {
    this.line('vfio_region_write', ` (${dev}:region0+${hex(off)}, ${hex(value)}, ${size})`);
  }

  read(dev: string, off: number, size: number, value: number): void {
    this.line('vfio_region_read', ` (${dev}:region0+${hex(off)}, ${size}) = ${hex(value)}`);
  }

  config(dev: string, write: boolean, off: number, len: number, value: number): void {
    if (write) this.line('vfio_pci_write_config', ` (${dev}, @${hex(off)}, ${hex(value)}, len=${hex(len)})`);
    else this.line('vfio_pci_read_config', ` (${dev}, @${hex(off)}, len=${hex(len)}) ${hex(value)}`);
  }

  irq(dev: string, vector: number): void {
    this.line(
      'vfio_msi_interrupt',
      ` (${dev}) vector ${vector} ${hex(0xfee00000 + vector * 0x1000)}/${hex(0x22 + vector)}`,
    );
  }
}

const FEATURES = 0x109f0023;
const MAC = [0x52, 0x54, 0x00, 0x12, 0x34, 0x00];

/** A legacy guest's bring-up of one VF: reset, status, features, MAC, MSI-X, three queues, DRIVER_OK. */
function bringUp(w: LogWriter, dev: string, n: number): void {
  w.line('vfio_msix_early_setup', `${dev} PCI MSI-X CAP @0x70, BAR 2, offset 0x2000, entries 4, noresize 0`);
  w.write(dev, 18, 0, 1);
  w.read(dev, 18, 1, 0);
  for (const [before, after] of [
    [0, 1],
    [1, 3],
  ] as const) {
    w.read(dev, 18, 1, before);
    w.write(dev, 18, after, 1);
  }
  w.read(dev, 0, 4, FEATURES);
  w.write(dev, 4, FEATURES, 4);
  MAC.forEach((b, i) => w.read(dev, 20 + i, 1, i === 5 ? n : b));
  w.config(dev, false, 0x72, 2, 3);
  w.config(dev, true, 0x72, 2, 0xc003);
  w.line('vfio_msix_enable', ` (${dev})`);
  w.config(dev, true, 0x72, 2, 0x8003);
  for (let v = 0; v < 3; v++) {
    w.line('vfio_msix_vector_do_use', ` (${dev}) vector ${v} used`);
    w.line('vfio_msix_pba_disable', ` (${dev})`);
  }
  w.write(dev, 20, 0, 2);
  w.read(dev, 20, 2, 0);
  for (let q = 0; q < 3; q++) {
    w.write(dev, 14, q, 2);
    w.read(dev, 12, 2, 256);
    w.write(dev, 8, 0x102c40 + 4 * q + 0x100 * n, 4);
    if (q < 2) {
      w.write(dev, 22, q + 1, 2);
      w.read(dev, 22, 2, q + 1);
    }
  }
  w.read(dev, 18, 1, 3);
  w.write(dev, 18, 7, 1);
}

/** About `lines` lines (a little more: whole rounds) of bring-up and traffic on `vfs` VFs. */
export function syntheticQemuLog(lines: number, vfs = 4): string {
  const w = new LogWriter(48213);
  const devs = Array.from({ length: vfs }, (_, i) => `0000:65:00.${i + 1}`);
  devs.forEach((d, i) => bringUp(w, d, i + 1));
  for (let round = 0; w.lines.length < lines; round++) {
    for (const dev of devs) {
      w.write(dev, 16, 0, 2);
      w.write(dev, 16, 1, 2);
      w.irq(dev, 2);
      w.irq(dev, 1);
      if (round % 16 === 0) w.write(dev, 16, 2, 2);
      if (round % 64 === 0) {
        w.irq(dev, 0);
        w.read(dev, 30, 1, 1);
        w.read(dev, 31, 1, 0);
      }
      if (round % 32 === 0) w.config(dev, false, 0x4, 2, 0x407);
    }
  }
  return w.lines.join('\n') + '\n';
}

/**
 * The `vtwin-capture` format, version 1 (docs/capture-format.md): UTF-8 text, one JSON value per
 * line. Line 1 is the header; every other non-blank line is one record, in the order the capturer
 * observed them (the optional `t` is informative). These zod schemas are the format's definition:
 * the published JSON Schema (schemas/vtwin-capture.schema.json) is generated from them.
 */
import { z } from 'zod';

export const CAPTURE_FORMAT = 'vtwin-capture';
export const CAPTURE_VERSION = 1;

const u8 = z.int().min(0).max(0xff);
const u16 = z.int().min(0).max(0xffff);
const u32 = z.int().min(0).max(0xffffffff);
const u53 = z.int().min(0).max(Number.MAX_SAFE_INTEGER).describe('JSON numbers are exact up to 2^53 - 1');
const hex = z
  .string()
  .regex(/^(?:[0-9a-f]{2})*$/, { message: 'expected lower-case hex, two digits per byte' })
  .describe('bytes as lower-case hex, two digits per byte, in wire order');
const fn = z
  .string()
  .regex(/^(?:pf|vf[1-9][0-9]{0,4})$/, { message: 'expected "pf" or "vfN" (N = 1..65535)' })
  .describe('"pf", or "vfN": SR-IOV VF N (group_member_id N)');
const pciAddress = z
  .string()
  .regex(/^[0-9a-f]{4}:[0-9a-f]{2}:[0-1][0-9a-f]\.[0-7]$/, { message: 'expected a PCI address dddd:bb:dd.f' });
const t = z
  .int()
  .min(0)
  .optional()
  .describe('time of observation in header.time.unit since header.time.origin; informative only');

export const headerSchema = z.strictObject({
  format: z.literal(CAPTURE_FORMAT),
  version: z.literal(CAPTURE_VERSION),
  device: z
    .strictObject({
      pf: pciAddress.optional(),
      deviceType: z.enum(['net', 'blk']).optional(),
      totalVFs: u16.optional(),
      adminQueues: z.int().min(1).max(1024).optional(),
      aqDepth: z.int().min(1).max(32768).optional(),
      vfQueues: z.int().min(1).max(1024).optional(),
      legacyQueueSize: z.int().min(0).max(32768).optional(),
      vfMsixVectors: z.int().min(0).max(2048).optional(),
      msixCap: z
        .int()
        .min(0x40)
        .max(0xfc)
        .optional()
        .describe("offset of the MSI-X capability in every function's config space"),
      extOpcodes: z
        .record(z.string(), z.int().min(0x13).max(0x7fff))
        .optional()
        .describe("opcode numbers of the twin's admin-command extensions where this device does not use the defaults"),
    })
    .describe('what the capturer knows of the device; every field optional (the rest is calibrated)'),
  functions: z.record(fn, pciAddress).optional().describe('PCI address of each function named in the records'),
  capturedBy: z.looseObject({
    tool: z.string().min(1),
    toolVersion: z.string().optional(),
    method: z.enum(['device-firmware', 'host-probe', 'bus-analyzer', 'emulator', 'twin-export', 'other']).optional(),
    host: z.string().optional(),
  }),
  time: z.strictObject({ unit: z.enum(['ns', 'us']), origin: z.string().optional() }).optional(),
});

const rec = <T extends string, S extends z.ZodRawShape>(type: T, shape: S, description: string) =>
  z.strictObject({ type: z.literal(type), t, ...shape }).describe(description);

export const RECORD_SCHEMAS = {
  'aq.submit': rec(
    'aq.submit',
    {
      queue: u16.describe('admin queue, 0-based among the admin queues'),
      id: u53.describe('names the command until its completion (e.g. the descriptor head)'),
      cmd: hex
        .min(48, { message: 'expected at least the 24-byte header (48 hex digits)' })
        .describe('the device-readable part'),
      writable: z
        .int()
        .min(8)
        .max(0x100000)
        .describe('bytes offered for the device-writable part: 8-byte status block + result buffer'),
    },
    'the driver made an admin command available',
  ),
  'aq.complete': rec(
    'aq.complete',
    {
      queue: u16,
      id: u53,
      status: u16,
      qualifier: u16,
      result: hex.describe('command_specific_result bytes written'),
      usedLen: u32,
    },
    'the device returned the command with this id',
  ),
  'sriov.numVFs': rec('sriov.numVFs', { value: u16 }, 'a write of NumVFs'),
  'sriov.control': rec(
    'sriov.control',
    {
      value: u16,
      vfEnable: z.boolean().optional(),
      vfMse: z.boolean().optional().describe('bit 3 VF MSE; informative'),
    },
    'a write of the SR-IOV Control register (bit 0 VF Enable; vfEnable, when present, says so explicitly)',
  ),
  reset: rec(
    'reset',
    { fn, kind: z.enum(['flr', 'device-status', 'hot', 'power']) },
    'a function reset other than a status write',
  ),
  'status.write': rec('status.write', { fn, value: u8 }, 'a write of the device status (0 resets)'),
  'status.read': rec('status.read', { fn, value: u8 }, 'a read of the device status, as observed'),
  config: rec(
    'config',
    {
      fn,
      op: z.enum(['read', 'write']),
      offset: z.int().min(0).max(4095),
      size: z.union([z.literal(1), z.literal(2), z.literal(4)]),
      value: u32,
    },
    'a PCI configuration space access: the value written, or the value the read returned',
  ),
  bar: rec(
    'bar',
    {
      fn,
      bar: z.int().min(0).max(5),
      op: z.enum(['read', 'write']),
      offset: u53,
      size: z.union([z.literal(1), z.literal(2), z.literal(4), z.literal(8)]),
      value: u53,
    },
    'a BAR access (little-endian value): the value written, or the value the read returned',
  ),
  'msix.control': rec(
    'msix.control',
    { fn, value: u16 },
    'a write of MSI-X Message Control (bit 15 Enable, bit 14 Function Mask)',
  ),
  'msix.entry': rec(
    'msix.entry',
    { fn, entry: z.int().min(0).max(2047), field: z.enum(['addrLo', 'addrHi', 'data', 'vectorControl']), value: u32 },
    'a write of one MSI-X table entry field (vectorControl bit 0 = mask)',
  ),
  'msix.map': rec(
    'msix.map',
    {
      fn,
      source: z
        .union([z.literal('config'), u16])
        .describe('config_msix_vector ("config") or the queue_msix_vector of a virtqueue'),
      vector: u16.describe('the value the driver wrote (0xffff = VIRTIO_MSI_NO_VECTOR)'),
      readBack: u16.optional().describe('what reading the register back returned, when the capturer saw it'),
    },
    'the driver mapped an event to an MSI-X vector through the common configuration ' +
      "(the legacy register file's vectors are admin commands)",
  ),
  'msix.pba': rec(
    'msix.pba',
    { fn, word: z.int().min(0).max(63), value: u32 },
    'a read of 32 Pending Bit Array bits: bit k = entry 32*word + k',
  ),
  interrupt: rec(
    'interrupt',
    {
      fn,
      vector: z
        .union([z.int().min(0).max(2047), z.literal('intx')])
        .optional()
        .describe('the entry the message went to, or "intx"; absent: nothing was sent'),
      source: z
        .union([z.literal('config'), u16])
        .optional()
        .describe('the event: "config" or a virtqueue index, when the capturer knows'),
      pending: z
        .boolean()
        .optional()
        .describe('true: the entry was masked, its pending bit was set instead of a message'),
      address: u53.optional().describe('the message address seen; informative'),
      data: u32.optional().describe('the message data seen; informative'),
    },
    'an interrupt the device signalled',
  ).refine((r) => r.vector !== undefined || r.source !== undefined, {
    message: 'expected a vector, a source or both',
    path: ['vector'],
  }),
} as const;

export type RecordType = keyof typeof RECORD_SCHEMAS;
export type CaptureHeader = z.output<typeof headerSchema>;
export type CaptureRecord = { [K in RecordType]: z.output<(typeof RECORD_SCHEMAS)[K]> }[RecordType];

export const recordSchema = z.discriminatedUnion(
  'type',
  Object.values(RECORD_SCHEMAS) as unknown as [
    (typeof RECORD_SCHEMAS)[RecordType],
    ...(typeof RECORD_SCHEMAS)[RecordType][],
  ],
);

/** The JSON Schema of one line (header or record), as published in schemas/vtwin-capture.schema.json. */
export function captureJsonSchema(): Record<string, unknown> {
  const line = z
    .union([headerSchema, recordSchema])
    .describe(
      'One line of a vtwin-capture file (UTF-8, one JSON value per line). Line 1 is the header; ' +
        'every later non-blank ' +
        'line is a record, in the order the capturer observed them.',
    );
  const schema = z.toJSONSchema(line, { target: 'draft-2020-12' }) as Record<string, unknown>;
  return { $id: 'urn:virtio-twin:vtwin-capture:1', title: 'vtwin-capture version 1', ...schema };
}

/** The twin's version: part of every trace header (same seed + inputs + version => same trace). */
export const TWIN_VERSION = '0.1.0';

/** virtio-blk constants as the spec ("Block Device / Feature bits") and Linux virtio_blk.h name them. */

export const VIRTIO_BLK_F_SEG_MAX = 2;
export const VIRTIO_BLK_F_BLK_SIZE = 6;
export const VIRTIO_BLK_F_FLUSH = 9;
export const VIRTIO_BLK_F_CONFIG_WCE = 11;
